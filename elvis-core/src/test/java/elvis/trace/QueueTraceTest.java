package elvis.trace;

import elvis.link.Discipline;
import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.message.Message;
import elvis.sim.Simulator;
import elvis.sim.trace.Glob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue trace of a prio link (start known only at dequeue) and of a FIFO link that goes down. */
class QueueTraceTest {
    static final long MS = 1_000_000;
    static final long A = 0x02_00_00_00_00_01L, B = 0x02_00_00_00_00_02L;
    static final LinkConfig ONE_MBIT = LinkConfig.UNLIMITED.withBandwidth(1_000_000).withDelay(20 * MS);

    @TempDir
    Path tmp;

    static Message ipv4(int dscp) {
        byte[] f = new byte[1250];
        for (int i = 0; i < 6; i++) f[i] = (byte) (B >>> (40 - 8 * i));
        for (int i = 0; i < 6; i++) f[6 + i] = (byte) (A >>> (40 - 8 * i));
        f[12] = 0x08;
        f[14] = 0x45;
        f[15] = (byte) (dscp << 2);
        return Message.wrap(f);
    }

    record End(String name) implements FrameReceiver {
        @Override public void receive(Message frame, long fcs) { }
    }

    /** "ms level" lines of the queue towards b, with the five-frame burst at 0 and {@code during} run. */
    List<String> queueTrace(LinkConfig config, java.util.function.Consumer<Network> during) throws Exception {
        Simulator sim = Simulator.sequential(1);
        Network net = Network.pointToPoint(sim, "p2p", config);
        int a = net.attach(A, new End("a/eth0"));
        net.attach(B, new End("b/eth0"));
        Path file = tmp.resolve("q.csv");
        try (TraceRecorder r = new TraceRecorder(sim, file, TraceRecorder.Format.CSV)) {
            r.record(List.of(new Glob("p2p>b/eth0/queue")), List.of(net));
            for (int i = 0; i < 4; i++) net.transmit(a, ipv4(0));
            during.accept(net);
            sim.run();
        }
        return Files.readAllLines(file).stream().skip(1).map(l -> {
            String[] f = l.split(",");
            return Long.parseLong(f[0]) / MS + " " + f[2];
        }).toList();
    }

    @Test
    void aPrioQueueIsTracedAsFramesLeaveItWhenTheLineFrees() throws Exception {
        List<String> t = queueTrace(ONE_MBIT.withDiscipline(new Discipline.Prio(3)),
                net -> { });
        // Frame 1 is sent at once; 2, 3, 4 wait and leave at 10, 20, 30 ms.
        assertThat(t).containsExactly("0 1", "0 2", "0 3", "10 2", "20 1", "30 0");
    }

    @Test
    void aFifoQueueThatGoesDownEmptiesThenAndNotAtThePlannedStarts() throws Exception {
        List<String> t = queueTrace(ONE_MBIT, net -> net.downDuring(15 * MS, 16 * MS));
        // Frame 2 starts at 10 ms; at 15 ms frames 3 and 4 (planned for 20 and 30) leave, dropped.
        assertThat(t).containsExactly("0 1", "0 2", "0 3", "10 2", "15 1", "15 0");
    }

    @Test
    void aPrioQueueThatGoesDownEmptiesThen() throws Exception {
        List<String> t = queueTrace(ONE_MBIT.withDiscipline(new Discipline.Prio(3)), net -> net.downDuring(15 * MS, 16 * MS));
        assertThat(t).containsExactly("0 1", "0 2", "0 3", "10 2", "15 1", "15 0");
    }
}
