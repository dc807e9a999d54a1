package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static elvis.cli.CommandLineTest.EXAMPLES;
import static elvis.cli.CommandLineTest.elvis;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code elvis run --trace SPEC --trace-out FILE} on the bottleneck example. */
class TraceOptionsTest {
    static final String BOTTLENECK = EXAMPLES.resolve("bottleneck.ndl").toString();

    @TempDir
    Path tmp;

    CommandLineTest.Outcome trace(Path out, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "run"; args[1] = BOTTLENECK; args[2] = "--trace-out"; args[3] = out.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return elvis(args);
    }

    @Test
    void csvHoldsTheChosenSourcesInTimeOrderAndARerunIsByteIdentical() throws Exception {
        Path first = tmp.resolve("first.csv"), second = tmp.resolve("second.csv");
        for (Path p : List.of(first, second)) {
            CommandLineTest.Outcome o = trace(p, "--trace", "client/*/cwnd,*/queue", "--trace", "*/drop");
            assertThat(o.exit()).as(o.err()).isZero();
            assertThat(o.err()).isEmpty();
        }
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        List<String> lines = Files.readAllLines(first);
        assertThat(lines.getFirst()).isEqualTo("time_ns,source,value");
        long last = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            assertThat(f).hasSize(3);
            assertThat(Long.parseLong(f[0])).isGreaterThanOrEqualTo(last);
            last = Long.parseLong(f[0]);
            assertThat(f[1]).matches("client/tcp/10\\.8\\.0\\.1:\\d+-10\\.8\\.0\\.2:5001/cwnd|wan>(client|server)/eth0/(queue|drop)");
        }
        assertThat(lines).anyMatch(l -> l.endsWith("/cwnd,14480"))          // RFC 6928's ten segments to start
                .anyMatch(l -> l.contains(",wan>server/eth0/queue,30"))
                .anyMatch(l -> l.endsWith(",wan>server/eth0/drop,queue"))
                .anyMatch(l -> l.endsWith("/drop,loss"));
    }

    @Test
    void jsonLinesCarryTheSameRecords() throws Exception {
        Path csv = tmp.resolve("t.csv"), jsonl = tmp.resolve("t.jsonl"), forced = tmp.resolve("t.txt");
        String[] specs = {"--trace", "*/cwnd", "--trace", "*/drop", "--trace", "server/app/*"};
        assertThat(trace(csv, specs).exit()).isZero();
        assertThat(trace(jsonl, specs).exit()).isZero();
        String[] withFormat = {"--trace", "*/cwnd", "--trace", "*/drop", "--trace", "server/app/*", "--trace-format", "jsonl"};
        assertThat(trace(forced, withFormat).exit()).isZero();
        assertThat(Files.readAllBytes(forced)).isEqualTo(Files.readAllBytes(jsonl));
        List<String> rows = Files.readAllLines(csv), objects = Files.readAllLines(jsonl);
        assertThat(objects).hasSize(rows.size() - 1);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < objects.size(); i++) {
            JsonNode o = mapper.readTree(objects.get(i));
            String[] f = rows.get(i + 1).split(",");
            assertThat(o.get("t_ns").asLong()).isEqualTo(Long.parseLong(f[0]));
            assertThat(o.get("source").asText()).isEqualTo(f[1]);
            assertThat(o.get("value").asText()).isEqualTo(f[2]);
            assertThat(o.get("value").isNumber()).isEqualTo(!f[1].endsWith("/drop"));
        }
        assertThat(objects).anyMatch(l -> l.contains("\"source\":\"server/app/tcp_sink/finished\",\"value\":4194304"));
    }

    @Test
    void aSpecThatMatchesNothingIsAnErrorNamingIt() {
        CommandLineTest.Outcome o = trace(tmp.resolve("t.csv"), "--trace", "*/cwnd", "--trace", "router/*");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("elvis run: --trace 'router/*' matches no trace source of " + BOTTLENECK)
                .contains("client/drop").doesNotContain("Exception");
        assertThat(o.out()).isEmpty();
        assertThat(tmp.resolve("t.csv")).doesNotExist();
    }

    @Test
    void badTraceOptionsAreRefusedBeforeTheRun() throws Exception {
        assertThat(elvis("run", BOTTLENECK, "--trace", "*/cwnd").err()).isEqualTo("elvis run: --trace needs --trace-out FILE\n");
        assertThat(trace(tmp.resolve("t.csv")).err()).isEqualTo("elvis run: --trace-out needs at least one --trace SPEC\n");
        CommandLineTest.Outcome o = trace(tmp.resolve("t.txt"), "--trace", "*/cwnd");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--trace-out " + tmp.resolve("t.txt") + ": name it .csv or .jsonl");
        o = trace(tmp.resolve("t.csv"), "--trace", "*/cwnd", "--trace-format", "xml");
        assertThat(o.err()).isEqualTo("elvis run: --trace-format must be csv or jsonl, not 'xml'\n");
        o = trace(tmp.resolve("missing/t.csv"), "--trace", "*/cwnd");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("elvis run: --trace-out " + tmp.resolve("missing/t.csv") + ": ").contains("does not exist");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void tracePlotDrawsOneChartPerKindOfSource() throws Exception {
        Path plots = tmp.resolve("plots");
        CommandLineTest.Outcome o = trace(tmp.resolve("t.csv"), "--trace", "client/*/cwnd,*/queue,*/drop,client/*/srtt", "--trace-plot", plots.toString());
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("cwnd.png", "drop.png", "queue.png", "srtt.png");
        }
        java.awt.image.BufferedImage cwnd = javax.imageio.ImageIO.read(plots.resolve("cwnd.png").toFile());
        assertThat(cwnd.getWidth()).isEqualTo(900);
        assertThat(TracePlot.csv("1,\"a,\"\"b\",c")).containsExactly("1", "a,\"b", "c");
        assertThat(elvis("run", BOTTLENECK, "--trace-plot", plots.toString()).err()).isEqualTo("elvis run: --trace-plot needs at least one --trace SPEC\n");
    }
}
