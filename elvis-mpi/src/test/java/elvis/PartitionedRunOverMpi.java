package elvis;

import elvis.PartitionedRunTest.Built;
import elvis.PartitionedRunTest.Case;
import elvis.PartitionedRunTest.Side;
import elvis.link.Network;
import elvis.mpi.MpiExchange;
import elvis.mpi.MpiTesting;
import elvis.parallel.PartitionRunner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run by {@code MpiRunTest} under {@code mpirun -np 2}: elvis-core's {@link PartitionedRunTest}
 * topology cut in two, one side per rank, each run by a {@link PartitionRunner} over the MPI
 * transport, and compared with the sequential run each rank computes itself.
 *
 * <p>{@code proof}: every case of PartitionedRunTest. Each rank compares its side's frames, drops,
 * counters and results with the sequential run's; rank 0 gathers the verdicts, the event counts and
 * the cut link's counters (each half counts its end) and prints one line per case, "CASE: the same
 * as the sequential run (...)", or what differs. Frame buffers longer than 2 KiB travel in two
 * messages, so both ways of receiving are used.
 *
 * <p>{@code exit}, {@code kill}, {@code throw}: rank 1 dies 20 ms into the simulated run (exits
 * with status 3, is killed by SIGKILL, or an event throws); the job must end, not hang.
 */
public final class PartitionedRunOverMpi {
    private PartitionedRunOverMpi() { }

    public static void main(String[] args) {
        String mode = args[0];
        MpiExchange exchange = MpiTesting.start(2048);
        boolean ok = true;
        try {
            if (exchange.partitions() != 2) throw new IllegalStateException("run me with mpirun -np 2");
            if (mode.equals("proof")) {
                for (Case c : Case.values()) ok &= proof(exchange, c);
            } else {
                die(exchange, mode);
            }
        } catch (Throwable t) {
            exchange.abort("the test main failed: " + t);
        }
        exchange.close();
        System.exit(ok ? 0 : 1);
    }

    private static boolean proof(MpiExchange exchange, Case c) {
        int rank = exchange.partition();
        Simulation one = new Simulation(5);
        Built seq = PartitionedRunTest.build(one, one, c);
        one.run();

        // Both sides are built (the topology's builder makes both), only this rank's runs.
        Simulation left = new Simulation(5), right = new Simulation(5);
        Built par = PartitionedRunTest.build(left, right, c);
        Side mine = rank == 0 ? par.left() : par.right(), expected = rank == 0 ? seq.left() : seq.right();
        PartitionRunner.Outcome outcome = new PartitionRunner(mine.sim(), exchange, Long.MAX_VALUE).run();
        mine.sim().shutdown();

        List<String> got = PartitionedRunTest.results(mine), want = PartitionedRunTest.results(expected);
        String verdict = got.equals(want) ? "same" : "rank " + rank + " differs: " + firstDifference(got, want);
        Network half = par.cut().get(rank);
        List<String> report = new ArrayList<>(List.of(verdict, Long.toString(outcome.events()), Long.toString(outcome.endTime()),
                Long.toString(mine.sim().kernel().now())));
        report.addAll(PartitionedRunTest.cutStats(List.of(half)));
        byte[][] all = exchange.gather(String.join("\n", report).getBytes(StandardCharsets.UTF_8));
        if (rank != 0) return true;

        List<String> problems = new ArrayList<>();
        long events = 0;
        Map<String, long[]> cut = new TreeMap<>();
        for (byte[] bytes : all) {
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            if (!lines[0].equals("same")) problems.add(lines[0]);
            events += Long.parseLong(lines[1]);
            if (Long.parseLong(lines[2]) != one.kernel().now() || Long.parseLong(lines[3]) != one.kernel().now()) {
                problems.add("a rank ended at " + lines[2] + " (clock " + lines[3] + "), the sequential run at " + one.kernel().now());
            }
            for (int i = 4; i < lines.length; i++) add(cut, lines[i]);
        }
        if (events != one.kernel().eventsDispatched()) problems.add(events + " events, the sequential run " + one.kernel().eventsDispatched());
        List<String> merged = new ArrayList<>();
        cut.forEach((name, v) -> merged.add(name + " offered " + v[0] + " delivered " + v[1] + " queue " + v[2] + " loss " + v[3]
                + " corrupted " + v[4] + " bytes " + v[5]));
        if (!merged.equals(PartitionedRunTest.cutStats(seq.cut()))) problems.add("cut link counters " + merged + ", sequential " + PartitionedRunTest.cutStats(seq.cut()));
        if (outcome.windows() <= 50) problems.add("only " + outcome.windows() + " windows");
        if (problems.isEmpty()) {
            System.out.println(c + ": the same as the sequential run (" + outcome.windows() + " windows, " + events + " events, "
                    + MpiTesting.secondParts(exchange) + " buffers in two messages so far)");
            return true;
        }
        System.out.println(c + ": DIFFERS: " + String.join("; ", problems));
        return false;
    }

    /** Adds a pipe counter line ("name offered a delivered b queue c loss d corrupted e bytes f") to its name's sums. */
    private static void add(Map<String, long[]> sums, String line) {
        String[] w = line.split(" ");
        long[] v = sums.computeIfAbsent(w[0], k -> new long[6]);
        for (int i = 0; i < 6; i++) v[i] += Long.parseLong(w[2 + 2 * i]);
    }

    private static String firstDifference(List<String> got, List<String> want) {
        for (int i = 0; i < Math.min(got.size(), want.size()); i++) {
            if (!got.get(i).equals(want.get(i))) return "line " + i + ": \"" + got.get(i) + "\", sequential \"" + want.get(i) + "\"";
        }
        return got.size() + " lines, sequential " + want.size();
    }

    private static void die(MpiExchange exchange, String mode) {
        Simulation left = new Simulation(5), right = new Simulation(5);
        Built par = PartitionedRunTest.build(left, right, Case.LOSSY);
        Simulation mine = exchange.partition() == 0 ? par.left().sim() : par.right().sim();
        if (exchange.partition() == 1) {
            mine.kernel().at(20_000_000, () -> {
                switch (mode) {
                    case "exit" -> System.exit(3);
                    case "kill" -> kill();
                    case "throw" -> throw new IllegalStateException("broken model");
                    default -> throw new IllegalArgumentException("no mode " + mode);
                }
            });
        }
        new PartitionRunner(mine, exchange, Long.MAX_VALUE).run();
        System.out.println("rank " + exchange.partition() + " finished its run, which it should not have");
    }

    private static void kill() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
