package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** examples/http-server.ndl run as a user runs it: an http_server of a directory and a web_server under load. */
class HttpServerExampleTest {
    @TempDir
    Path tmp;

    private JsonNode run(String name, String... extra) throws Exception {
        Path json = tmp.resolve(name);
        String[] args = new String[4 + extra.length];
        args[0] = "run"; args[1] = CommandLineTest.EXAMPLES.resolve("http-server.ndl").toString(); args[2] = "--json"; args[3] = json.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        CommandLineTest.Outcome o = elvis(args);
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    private static JsonNode results(JsonNode report, String application) {
        for (JsonNode a : report.get("applications")) if (a.get("application").asText().equals(application)) return a.get("results");
        throw new AssertionError("no " + application);
    }

    @Test
    void bothServersAnswerTheLoadAndCountWhatTheyDid() throws Exception {
        Path trace = tmp.resolve("servers.csv");
        JsonNode report = run("a.json", "--trace", "*/app/*_server/*", "--trace-out", trace.toString());

        JsonNode files = results(report, "http_server");
        assertThat(files.get("documents").asInt()).isEqualTo(6);      // 3 files, and index.html for /, /docs/ and /docs
        long requests = files.get("requests").asLong();
        long ok = files.get("responses").get("200").asLong(), missing = files.get("responses").get("404").asLong();
        assertThat(ok + missing).isEqualTo(requests);
        // One path in four does not exist: about a quarter of the answers are 404 (draws are uniform).
        assertThat((double) missing / requests).isBetween(0.15, 0.35);
        assertThat(files.get("errors").size()).isZero();
        assertThat(files.get("connections").asLong()).isEqualTo(4);
        assertThat(files.get("connections_max").asLong()).isEqualTo(4);
        assertThat(files.get("bytes_sent").asLong()).isGreaterThan(files.get("body_bytes").asLong());

        JsonNode yahoo = results(report, "web_server");
        assertThat(yahoo.get("seed").asLong()).isEqualTo(17);
        assertThat(yahoo.get("pages_served").asLong()).isEqualTo(yahoo.get("requests").asLong()).isPositive();
        // The root's one page, hundreds of KB, over and over: the body bytes are the page times the pages
        // served (each connection has one request outstanding, so each response starts when asked).
        long pages = yahoo.get("pages_served").asLong(), body = yahoo.get("body_bytes").asLong();
        assertThat(body % pages).isZero();
        assertThat(body / pages).isBetween(100_000L, 2_500_000L);
        // With a 64 KB send buffer a response is handed over as it is acknowledged: at 100 Mbit/s at
        // least (size − 64 KB) × 80 ns.
        assertThat(yahoo.get("response_time_ms").get("p50").asDouble()).isGreaterThan((body / pages - 65_536) * 80e-6);

        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).anyMatch(l -> l.contains(",files/app/http_server/requests,"))
                .anyMatch(l -> l.contains(",files/app/http_server/connections,"))
                .anyMatch(l -> l.contains(",yahoo/app/web_server/response_time,"))
                .anyMatch(l -> l.contains(",yahoo/app/web_server/bytes,"));
        assertThat(lines.stream().filter(l -> l.contains(",files/app/http_server/requests,")).count()).isEqualTo(requests);

        JsonNode again = run("b.json");
        ((ObjectNode) report).remove("wall_seconds");
        ((ObjectNode) again).remove("wall_seconds");
        assertThat(again).isEqualTo(report);
    }
}
