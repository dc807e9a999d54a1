package elvis;

import elvis.link.Network;
import elvis.machine.Machine;
import elvis.parallel.ThreadedRun;
import elvis.sim.trace.Glob;
import elvis.trace.Captures;
import elvis.trace.PartitionOutput;
import elvis.trace.PcapWriter;
import elvis.trace.TraceRecorder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures, drop logs and traces of a run cut into two partitions, each spooled by its partition
 * and merged, are the sequential run's files byte for byte: every network (the cut link's two
 * halves record one file), every machine on the cut (whose incoming drops the far half reports)
 * and a trace of every source.
 */
class PartitionedCapturesTest {
    @TempDir
    Path dir;

    private static final List<Glob> EVERYTHING = List.of(new Glob("*"));

    @ParameterizedTest
    @EnumSource(PartitionedRunTest.Case.class)
    void aPartitionedRunsMergedFilesAreTheSequentialRunsBytes(PartitionedRunTest.Case c) throws Exception {
        Path seq = Files.createDirectory(dir.resolve("seq")), par = Files.createDirectory(dir.resolve("par"));

        Simulation one = new Simulation(5);
        PartitionedRunTest.Built whole = PartitionedRunTest.build(one, one, c);
        Network cut = whole.cut().getFirst();
        try (Captures captures = new Captures(one.kernel(), PcapWriter.DEFAULT_SNAPLEN);
             TraceRecorder trace = new TraceRecorder(one.kernel(), seq.resolve("trace.csv"), TraceRecorder.Format.CSV)) {
            trace.record(EVERYTHING, List.of(whole.left().lan(), cut, whole.right().lan()));
            for (Network n : List.of(whole.left().lan(), cut, whole.right().lan())) captures.network(n, seq.resolve(n.name() + ".pcap"));
            for (Machine m : List.of(whole.left().router(), whole.right().router(), whole.right().host()))
                captures.machine(m, seq.resolve(m.name() + ".pcap"));
            one.run();
            one.shutdown();
        }

        Simulation left = new Simulation(5), right = new Simulation(5);
        PartitionedRunTest.Built halves = PartitionedRunTest.build(left, right, c);
        Captures leftCaptures = Captures.spooled(left.kernel(), PcapWriter.DEFAULT_SNAPLEN);
        Captures rightCaptures = Captures.spooled(right.kernel(), PcapWriter.DEFAULT_SNAPLEN);
        TraceRecorder leftTrace = TraceRecorder.spooled(left.kernel(), par.resolve("trace.csv"), TraceRecorder.Format.CSV);
        TraceRecorder rightTrace = TraceRecorder.spooled(right.kernel(), par.resolve("trace.csv"), TraceRecorder.Format.CSV);
        Network leftCut = halves.cut().get(0), rightCut = halves.cut().get(1);
        leftTrace.record(EVERYTHING, List.of(halves.left().lan(), leftCut));
        rightTrace.record(EVERYTHING, List.of(rightCut, halves.right().lan()));
        leftCaptures.network(halves.left().lan(), par.resolve("lanA.pcap"));
        leftCaptures.network(leftCut, par.resolve("cut.pcap"));
        leftCaptures.machine(halves.left().router(), par.resolve("routerA.pcap"));
        leftCaptures.farEnd(leftCut, par.resolve("routerB.pcap"));        // routerB's incoming drops happen in this half
        rightCaptures.network(rightCut, par.resolve("cut.pcap"));
        rightCaptures.network(halves.right().lan(), par.resolve("lanB.pcap"));
        rightCaptures.machine(halves.right().router(), par.resolve("routerB.pcap"));
        rightCaptures.machine(halves.right().host(), par.resolve("hostB.pcap"));
        rightCaptures.farEnd(rightCut, par.resolve("routerA.pcap"));
        new ThreadedRun(List.of(left, right), Long.MAX_VALUE).run();
        left.shutdown();
        right.shutdown();
        leftCaptures.close();
        rightCaptures.close();
        leftTrace.close();
        rightTrace.close();
        List<Path> written = PartitionOutput.merge(List.of(PartitionOutput.of(leftCaptures, leftTrace), PartitionOutput.of(rightCaptures, rightTrace)));

        List<String> names = files(seq);
        assertThat(names).hasSize(13);                   // 6 pcaps, 6 drop logs, the trace
        assertThat(files(par)).containsExactlyInAnyOrderElementsOf(names);   // and no spool left behind
        assertThat(written).hasSize(names.size());
        for (String name : names) assertThat(par.resolve(name)).as(name).hasSameBinaryContentAs(seq.resolve(name));

        // The files are the ones meant: the cut link's capture has instants where both ends have
        // records, frames crossed it both ways, and the trace holds both partitions' sources.
        assertThat(instantsOfBothEnds(seq.resolve("cut.pcap"), cut)).isPositive();
        if (c == PartitionedRunTest.Case.LOSSY) {
            assertThat(Files.readAllLines(seq.resolve("routerB.drops.jsonl"))).anyMatch(l -> l.contains("\"to\":\"routerB/eth1\""));
            assertThat(Files.readAllLines(seq.resolve("cut.drops.jsonl"))).isNotEmpty();
        }
        String trace = Files.readString(seq.resolve("trace.csv"));
        assertThat(trace).contains(",hostA/tcp/").contains(",hostB/tcp/");
        if (c != PartitionedRunTest.Case.EXACT) assertThat(trace).contains(",cut>routerB/eth1/queue,").contains(",cut>routerA/eth1/queue,");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Instants at which the capture of link {@code cut} holds frames sent from both ends (by their source MAC). */
    private static long instantsOfBothEnds(Path pcap, Network cut) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        Map<Long, Integer> ends = new HashMap<>();       // time -> bit per end seen sending (by source MAC's last byte)
        b.position(24);
        while (b.remaining() > 0) {
            long t = (b.getInt() & 0xFFFF_FFFFL) * 1_000_000_000L + (b.getInt() & 0xFFFF_FFFFL);
            int captured = b.getInt();
            b.getInt();
            int srcSubnet = b.get(b.position() + 10) & 0xFF;   // 02:00:00:00:0s:04, s = 1 or 2
            ends.merge(t, srcSubnet, (x, y) -> x | y);
            b.position(b.position() + captured);
        }
        return ends.values().stream().filter(v -> v == 3).count();
    }
}
