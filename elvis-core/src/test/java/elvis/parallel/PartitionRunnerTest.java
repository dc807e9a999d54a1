package elvis.parallel;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.arp.NoResolution;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The window loop's global decisions: the end, a stop, a failure, an idle partition, a link that cannot be cut. */
class PartitionRunnerTest {
    private static final long MS = 1_000_000;

    /** Two machines on a link cut between two partitions: a sends {@code datagrams} to b, one per ms. */
    private record Pair(Simulation a, Simulation b, Machine sender, Machine receiver, Network aHalf, Network bHalf) { }

    private static Pair pair(long delayNs, int datagrams) {
        Simulation a = new Simulation(3), b = new Simulation(3);
        LinkConfig config = LinkConfig.UNLIMITED.withDelay(delayNs);
        Network aHalf = a.link("wire", config, Simulation.Resolution.NONE), bHalf = b.link("wire", config, Simulation.Resolution.NONE);
        long macA = 0x02_00_00_00_00_01L, macB = 0x02_00_00_00_00_02L;
        Machine sender = a.machine("a");
        Ipv4.of(sender).addInterface(sender.addNic(aHalf, macA), Ipv4Address.parse("10.0.0.1"), 24, NoResolution.INSTANCE);
        aHalf.attachRemote(macB, "b/eth0", 1);
        bHalf.attachRemote(macA, "a/eth0", 0);
        Machine receiver = b.machine("b");
        Ipv4.of(receiver).addInterface(receiver.addNic(bHalf, macB), Ipv4Address.parse("10.0.0.2"), 24, NoResolution.INSTANCE);
        Message payload = Message.ofUtf8("hello");
        sender.addApplication(new SendDatagrams(Ipv4Address.parse("10.0.0.2"), 7, payload, datagrams, MS, 0));
        receiver.addApplication(new CountDatagrams(7, datagrams, payload));
        return new Pair(a, b, sender, receiver, aHalf, bHalf);
    }

    private static CountDatagrams counter(Pair p) { return (CountDatagrams) p.receiver.applications().getFirst(); }

    @Test
    @Timeout(20)
    void datagramsCrossTheCutAtTheirTimesAndTheClocksEndAtTheLastEvent() throws InterruptedException {
        Pair p = pair(5 * MS, 10);
        List<PartitionRunner.Outcome> outcomes = new ThreadedRun(List.of(p.a, p.b), Long.MAX_VALUE).run();
        assertThat(counter(p).received()).isEqualTo(10);
        assertThat(counter(p).lastArrivalNs()).isEqualTo(9 * MS + 5 * MS);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.endTime()).isEqualTo(14 * MS);
            assertThat(o.lookahead()).isEqualTo(5 * MS);
            assertThat(o.stopped()).isFalse();
        });
        assertThat(p.a.kernel().now()).isEqualTo(14 * MS);    // not the last window's end
        assertThat(p.b.kernel().now()).isEqualTo(14 * MS);
    }

    @Test
    @Timeout(20)
    void untilEndsEveryPartitionAtThatTime() throws InterruptedException {
        Pair p = pair(5 * MS, 10);
        List<PartitionRunner.Outcome> outcomes = new ThreadedRun(List.of(p.a, p.b), 7 * MS).run();
        assertThat(counter(p).received()).isEqualTo(3);            // sent at 0, 1, 2 ms
        assertThat(outcomes).allSatisfy(o -> assertThat(o.endTime()).isEqualTo(7 * MS));
        assertThat(p.a.kernel().now()).isEqualTo(7 * MS);
        assertThat(p.b.kernel().now()).isEqualTo(7 * MS);
    }

    /** Partition b has no event of its own until the first frame comes: it waits for windows, never stalls a. */
    @Test
    @Timeout(20)
    void aPartitionWithNothingToDoDoesNotStallTheOthers() throws InterruptedException {
        Pair p = pair(5 * MS, 0);
        Simulation idle = new Simulation(3);
        List<PartitionRunner.Outcome> outcomes = new ThreadedRun(List.of(p.a, p.b, idle), Long.MAX_VALUE).run();
        assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.stopped()).isFalse());
    }

    @Test
    @Timeout(20)
    void aStopEndsEveryPartitionAtOneWindowsEnd() throws InterruptedException {
        Pair p = pair(5 * MS, 1_000_000);
        ThreadedRun run = new ThreadedRun(List.of(p.a, p.b), Long.MAX_VALUE);
        run.onWindow((time, events) -> { if (time >= 100 * MS) run.stop(); });
        List<PartitionRunner.Outcome> outcomes = run.run();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.stopped()).isTrue());
        assertThat(outcomes.get(0).endTime()).isEqualTo(outcomes.get(1).endTime()).isBetween(100 * MS, 120 * MS);
        assertThat(p.a.kernel().now()).isEqualTo(p.b.kernel().now());
    }

    /** An exception escaping an event (a model bug, not an application's failure, which its machine keeps) ends every partition. */
    @Test
    @Timeout(20)
    void anExceptionInOnePartitionEndsTheRunWithIt() {
        Pair p = pair(5 * MS, 100);
        p.b.kernel().at(20 * MS, () -> { throw new IllegalStateException("broken model"); });
        assertThatThrownBy(() -> new ThreadedRun(List.of(p.a, p.b), Long.MAX_VALUE).run())
                .isInstanceOf(IllegalStateException.class).hasMessage("broken model");
    }

    @Test
    @Timeout(20)
    void aCutLinkWithoutDelayIsRefused() {
        Pair p = pair(0, 1);
        assertThatThrownBy(() -> new ThreadedRun(List.of(p.a, p.b), Long.MAX_VALUE).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("link wire is cut between partitions but has no delay");
    }

    /** An application that throws is its machine's failure, in a partition as in a sequential run: the run goes on. */
    @Test
    @Timeout(20)
    void anApplicationFailureStaysWithItsMachine() throws InterruptedException {
        Pair p = pair(5 * MS, 5);
        p.sender.addApplication(new Application() {
            @Override public String name() { return "thrower"; }
            @Override public String summary() { return "throws"; }
            @Override public void start(Machine m) { throw new IllegalArgumentException("bad argument"); }
        });
        new ThreadedRun(List.of(p.a, p.b), Long.MAX_VALUE).run();
        assertThat(p.sender.failures()).singleElement().satisfies(f -> assertThat(f.toString()).contains("bad argument"));
        assertThat(counter(p).received()).isEqualTo(5);
    }
}
