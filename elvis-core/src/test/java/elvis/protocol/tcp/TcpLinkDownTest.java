package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** TCP across a link that goes down for a while: frames are dropped with their cause, and the transfer completes after. */
class TcpLinkDownTest {
    static final long MS = 1_000_000, S = 1_000_000_000;

    /** 2 MB over 10 Mbit/s (about 1.7 s of sending) with a 10 ms delay; what goes down is chosen by {@code outage}. */
    static long[] transfer(java.util.function.BiConsumer<Network, Nic> outage) {
        Simulation sim = new Simulation(7);
        Network link = sim.link("wan", LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS).withQueuePackets(50),
                Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/24");
        Nic bNic = sim.connect(b, link, "10.0.0.2/24").device();
        long bytes = 2_000_000;
        TcpSink sink = new TcpSink(80, bytes, false);
        b.addApplication(sink);
        TcpBulkSend send = new TcpBulkSend(Ipv4Address.parse("10.0.0.2"), 80, bytes, 0);
        a.addApplication(send);
        outage.accept(link, bNic);
        sim.run();
        assertThat(sim.goalsMet()).isTrue();
        assertThat(sink.received()).isEqualTo(bytes);
        return new long[] {link.stats().droppedDown(), sink.lastArrivalNs()};
    }

    @Test
    void aTransferResumesAfterTheLinkComesBackAndEndsLaterThanWithoutTheOutage() {
        long[] clean = transfer((link, nic) -> { });
        long[] outage = transfer((link, nic) -> link.downDuring(500 * MS, 2 * S));
        assertThat(clean[0]).isZero();
        assertThat(outage[0]).isPositive();
        assertThat(outage[1]).isGreaterThan(2 * S).isGreaterThan(clean[1] + S);
    }

    @Test
    void theSameHoldsForOneInterfaceGoingDown() {
        long[] outage = transfer((link, nic) -> link.portDownDuring(nic.port(), 500 * MS, 2 * S));
        assertThat(outage[0]).isPositive();
        assertThat(outage[1]).isGreaterThan(2 * S);
    }
}
