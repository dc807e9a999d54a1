package elvis.parallel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import elvis.cli.CommandLineTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The determinism suite: for each scenario and seed, {@code elvis run --threads 1, 2, 4}
 * writes the sequential run's results (the JSON apart from wall-clock time and the block that
 * describes the parallel run itself), the same captures and drop logs byte for byte, and, where
 * traced, the same trace.
 */
class DeterminismTest {
    static final Path SCENARIOS = Path.of("src/test/resources/determinism");

    @TempDir
    Path dir;

    /** A scenario: its file, whether it is traced too (every source), and when it stops (null: the file's end). */
    record Scenario(String name, Path file, boolean traced, String until) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> runs() {
        List<Scenario> scenarios = List.of(
                new Scenario("internet of 50 ASes", SCENARIOS.resolve("internet50.ndl"), false, null),
                new Scenario("TCP dumbbell", Path.of("..", "examples", "parallel-dumbbell.ndl"), false, "3s"),   // mid-transfer: queues full
                new Scenario("lossy multi-router path", SCENARIOS.resolve("lossy-path.ndl"), true, null),
                new Scenario("DHCP and DNS", SCENARIOS.resolve("dhcp-dns.ndl"), true, null));
        List<Arguments> runs = new ArrayList<>();
        for (Scenario s : scenarios) for (long seed : new long[] {1, 0x5eed}) runs.add(Arguments.of(s, seed));
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("runs")
    void everyThreadCountWritesTheSequentialRunsResultsCapturesAndTraces(Scenario s, long seed) throws IOException {
        Path sequential = run(s, seed, null);
        JsonNode expected = result(sequential);
        List<String> files = files(sequential.resolve("pcap"));
        assertThat(files).as("captures of every network, each with its drop log").hasSizeGreaterThan(2).contains("pcap/" + firstNetwork(expected) + ".pcap");
        for (int threads : new int[] {1, 2, 4}) {
            Path parallel = run(s, seed, threads);
            assertThat(result(parallel)).as("%s, --threads %d: results", s, threads).isEqualTo(expected);
            assertThat(files(parallel.resolve("pcap"))).as("%s, --threads %d: capture files", s, threads).isEqualTo(files);
            for (String f : files) assertThat(parallel.resolve(f)).as("%s, --threads %d: %s", s, threads, f).hasSameBinaryContentAs(sequential.resolve(f));
            if (s.traced) assertThat(parallel.resolve("trace.csv")).as("%s, --threads %d: trace", s, threads).hasSameBinaryContentAs(sequential.resolve("trace.csv"));
        }
    }

    /** Runs {@code s} sequentially ({@code threads} null) or on threads, into a folder of its own, which it returns. */
    private Path run(Scenario s, long seed, Integer threads) throws IOException {
        Path out = Files.createDirectories(dir.resolve(s.name.replace(' ', '-') + "-" + seed + "-" + (threads == null ? "seq" : "t" + threads)));
        List<String> args = new ArrayList<>(List.of("run", s.file.toString(), "--seed", Long.toString(seed), "--quiet",
                "--json", out.resolve("result.json").toString(), "--pcap", out.resolve("pcap").toString()));
        if (threads != null) args.addAll(List.of("--threads", threads.toString()));
        if (s.until != null) args.addAll(List.of("--until", s.until));
        if (s.traced) args.addAll(List.of("--trace", "*", "--trace-out", out.resolve("trace.csv").toString()));
        CommandLineTest.Outcome o = CommandLineTest.elvis(args.toArray(String[]::new));
        assertThat(o.exit()).as("%s: %s", args, o.err()).isIn(0, 1);
        return out;
    }

    /** The JSON results without what the wall clock decides and without the description of the parallel run itself; capture files relative to the run's folder. */
    static JsonNode result(Path out) throws IOException {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(out.resolve("result.json").toFile());
        json.remove("wall_seconds");
        json.remove("parallel");
        var pcaps = json.putArray("pcap_files");             // in the run's own folder: compared by name
        for (JsonNode f : new ObjectMapper().readTree(out.resolve("result.json").toFile()).path("pcap_files"))
            pcaps.add(out.relativize(Path.of(f.asText())).toString());
        return json;
    }

    private static String firstNetwork(JsonNode result) { return result.path("networks").path(0).path("id").asText(); }

    /** The files of a folder of a run's (captures, charts), as "FOLDER/NAME", sorted. */
    static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> folder.getFileName() + "/" + p.getFileName()).sorted().toList();
        }
    }
}
