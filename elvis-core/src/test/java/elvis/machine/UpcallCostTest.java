package elvis.machine;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the application boundary costs a bulk TCP transfer in kernel events. Each data segment arrives at
 * its own instant on a 1 Gbit/s link, so the sink's upcalls cost one drain event per segment; the
 * sender's (writable, a few hundred) share instants with the ACKs that freed buffer space. Measured:
 * 17,316 events, 6,946 of them drains (10,370 before the boundary existed, bar the drains): 1.67 times.
 */
class UpcallCostTest {
    static final long MS = 1_000_000;

    @Test
    void theBoundaryCostsABulkTransferNoKernelEvent() {
        Simulation sim = new Simulation(5);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000L).withDelay(MS), Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/30");
        sim.connect(b, link, "10.0.0.2/30");
        TcpSink sink = new TcpSink(80, 10_000_000, false);
        b.addApplication(sink);
        TcpBulkSend send = new TcpBulkSend(Ipv4Address.parse("10.0.0.2"), 80, 10_000_000, 0);
        a.addApplication(send);
        sim.run();
        assertThat(sink.received()).isEqualTo(10_000_000);
        long events = sim.kernel().eventsDispatched();
        Upcalls upcalls = Upcalls.of(sim.kernel());
        long frames = link.stats().delivered();
        System.out.printf("bulk 10 MB: %d events for %d frames delivered, %d drains, %d upcalls%n",
                events, frames, upcalls.drains(), upcalls.upcallsRun());
        // The applications were owed something after most arriving segments, yet the kernel ran no
        // event for it: every event is a frame's arrival or one of a few timers (start, delayed ACK).
        assertThat(upcalls.drains()).isGreaterThan(frames / 4);
        assertThat(events - frames).isBetween(0L, frames / 100);
        assertThat(upcalls.drains()).isLessThanOrEqualTo(upcalls.upcallsRun());
    }
}
