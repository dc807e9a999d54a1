package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static elvis.cli.CommandLineTest.EXAMPLES;
import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** The web examples, run as a user runs them: web-yahoo.ndl and the original Elvis's three web simulations ported to virtual time (R-WEB-9). */
class WebExamplesTest {
    @TempDir
    Path tmp;

    private JsonNode run(String example, String... extra) throws Exception {
        Path json = tmp.resolve(example + "-" + System.nanoTime() + ".json");
        String[] args = Stream.concat(Stream.of("run", EXAMPLES.resolve(example + ".ndl").toString(), "--json", json.toString()), Stream.of(extra))
                .toArray(String[]::new);
        CommandLineTest.Outcome o = elvis(args);
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("failure_count").asLong()).isZero();
        return r;
    }

    /** The JSON of two runs with the same seed is the same but for the wall-clock time. */
    private JsonNode runTwiceIdentically(String example) throws Exception {
        JsonNode a = run(example), b = run(example);
        ((ObjectNode) a).remove("wall_seconds");
        ((ObjectNode) b).remove("wall_seconds");
        assertThat(b).isEqualTo(a);
        return a;
    }

    @Test
    void webYahooBrowsesTheSiteAndDrawsItsPlots() throws Exception {
        Path plots = tmp.resolve("plots");
        JsonNode r = run("web-yahoo", "--plots", plots.toString());
        JsonNode web = r.get("web");
        assertThat(web.get("users").asInt()).isEqualTo(100);
        assertThat(web.get("errors").asLong()).isZero();
        assertThat(web.get("starved").asLong()).isZero();
        assertThat(web.get("per_user")).hasSize(100);
        long pages = web.get("pages").asLong(), images = web.get("images").asLong();
        assertThat(pages).isGreaterThan(300);
        // what the users counted is what the server served
        JsonNode server = r.get("applications").get(0).get("results");
        assertThat(server.get("pages_served").asLong()).isEqualTo(pages);
        assertThat(server.get("images_served").asLong()).isEqualTo(images);
        assertThat(server.get("body_bytes").asLong()).isEqualTo(web.get("bytes").asLong());
        assertThat(web.get("page_load_ms").get("count").asLong()).isEqualTo(pages);
        assertThat(web.get("dwell_s").get("mean").asDouble()).isBetween(20.0, 55.0);   // Weibull mean 55 s, cut short by the 5 minutes
        assertThat(web.get("servers").get(0).get("server").asText()).isEqualTo("10.2.0.2:80");
        for (String chart : new String[] {"page_load_cdf", "dwell_cdf", "server_load"}) {
            BufferedImage png = ImageIO.read(plots.resolve(chart + ".png").toFile());
            assertThat(png).as(chart).isNotNull();
            assertThat(png.getWidth()).isEqualTo(900);
            assertThat(png.getHeight()).isEqualTo(500);
        }
        assertThat(plots.resolve("latency_percentiles.png")).as("no http_load ran").doesNotExist();
    }

    @Test
    void aRunWithoutWebApplicationsDrawsNoEmptyPlots() throws Exception {
        Path plots = tmp.resolve("none");
        CommandLineTest.Outcome o = elvis("run", EXAMPLES.resolve("hello.ndl").toString(), "--plots", plots.toString());
        assertThat(o.exit()).isZero();
        assertThat(o.err()).contains("--plots: nothing to draw");
        assertThat(!Files.exists(plots) || Files.list(plots).findAny().isEmpty()).isTrue();
        assertThat(o.out()).doesNotContain("web users");
    }

    @Test
    void httpLoadLatencyPercentilesArePlottedAlone() throws Exception {
        Path plots = tmp.resolve("load");
        run("http-server", "--plots", plots.toString());
        BufferedImage png = ImageIO.read(plots.resolve("latency_percentiles.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(plots.resolve("page_load_cdf.png")).as("no browsing user ran").doesNotExist();
        try (Stream<Path> files = Files.list(plots)) {
            assertThat(files.toList()).hasSize(1);
        }
    }

    @Test
    void aUserFindsTheServerByItsDnsName() throws Exception {
        Path ndl = tmp.resolve("dns-web.ndl");
        Files.writeString(ndl, """
                [Simulation seed='3']
                [DNS domain='example.com' network='lan']
                [Networks]
                  [Network id='lan' bandwidth='100Mbps' latency='1ms']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='www']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='web_server']
                  [Machine name='reader']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='web_user' server='www.example.com' pages='3' dwell='1s']
                """);
        Path json = tmp.resolve("dns-web.json");
        CommandLineTest.Outcome o = elvis("run", ndl.toString(), "--json", json.toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        JsonNode user = new ObjectMapper().readTree(json.toFile()).get("web").get("per_user").get(0);
        assertThat(user.get("pages").asLong()).isEqualTo(3);
        assertThat(user.get("server").asText()).isEqualTo("10.0.0.1:80");
    }

    @Test
    void eachPageIsATraceLineWithItsLoadTime() throws Exception {
        Path csv = tmp.resolve("pages.csv");
        JsonNode user = run("web-original-one-user", "--trace", "*/app/web_user/*", "--trace-out", csv.toString())
                .get("web").get("per_user").get(0);
        java.util.List<String> lines = Files.readAllLines(csv);
        long loads = lines.stream().filter(l -> l.contains(",user/app/web_user/page_load,")).count();
        long dwells = lines.stream().filter(l -> l.contains(",user/app/web_user/dwell,")).count();
        assertThat(loads).isEqualTo(user.get("pages").asLong());
        assertThat(dwells).isEqualTo(user.get("dwell_s").get("count").asLong());
        long maxLoadNs = lines.stream().filter(l -> l.contains("/page_load,")).mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).max().orElseThrow();
        assertThat(maxLoadNs / 1e6).isCloseTo(user.get("page_load_ms").get("max").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void badArgumentsAreLocatedErrors() throws Exception {
        String base = Files.readString(EXAMPLES.resolve("web-original-one-user.ndl"));
        String[][] cases = {
                {"dwell='original'", "dwell='weibul(1s, 0.5)'", "dwell"},
                {"dwell='original'", "dwell='original' pages='0..3'", "pages"},
                {"dwell='original'", "dwell='original' think='exp(-1s)'", "think"},
                {"dwell='original'", "dwell='original' parallel='7'", "parallel"},
        };
        long line = 1 + base.substring(0, base.indexOf("dwell='original'")).chars().filter(ch -> ch == '\n').count();
        for (String[] c : cases) {
            Path ndl = tmp.resolve("bad.ndl");
            Files.writeString(ndl, base.replace(c[0], c[1]));
            CommandLineTest.Outcome o = elvis("check", ndl.toString());
            assertThat(o.exit()).as(c[1] + ": " + o.err()).isEqualTo(Main.EXIT_INVALID);
            assertThat(o.err()).as(c[1]).contains("bad.ndl:" + line + ":", "error:", c[2]).doesNotContain("Exception");
        }
    }

    @Test
    void threeClientsEachLoadManyPagesAndTwoRunsAgree() throws Exception {
        JsonNode web = runTwiceIdentically("web-original-three-clients").get("web");
        assertThat(web.get("users").asInt()).isEqualTo(3);
        for (JsonNode u : web.get("per_user")) assertThat(u.get("pages").asLong()).as(u.toString()).isGreaterThan(20);
    }

    @Test
    void aHundredClientsShareTheServerFairlyAndNoneStarves() throws Exception {
        JsonNode web = runTwiceIdentically("web-original-hundred-clients").get("web");
        assertThat(web.get("users").asInt()).isEqualTo(100);
        assertThat(web.get("starved").asLong()).isZero();
        for (JsonNode u : web.get("per_user")) assertThat(u.get("pages").asLong()).isPositive();
        assertThat(web.get("fairness_jain").asDouble()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void oneUserBrowsesMoreThanTwentyPagesAndImagesWaitingTheOriginalDwell() throws Exception {
        JsonNode web = runTwiceIdentically("web-original-one-user").get("web");
        JsonNode user = web.get("per_user").get(0);
        assertThat(user.get("pages").asLong()).isGreaterThan(20);
        assertThat(user.get("images").asLong()).isGreaterThan(20);
        // the original's whole-second dwell times, now waited for
        assertThat(user.get("dwell_s").get("min").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(user.get("dwell_s").get("max").asDouble()).isLessThanOrEqualTo(16.0);
    }
}
