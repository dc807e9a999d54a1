package elvis.dummynet.profile;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** R-DN-10: a bulk TCP flow over a pipe that follows a generated 3G trace gets at least 90% of the trace's rate. */
class TcpOverTraceTest {
    static final long MS = 1_000_000, S = 1_000_000_000L;

    @Test
    void aBulkFlowOverModNetsImg1LikeTraceGetsNinetyPercentOfItsMeanRate() {
        String spec = "gen:mean=2.67Mbps,cv=0.54,duration=457s";        // ModNet's Table 2, img1
        Simulation sim = new Simulation(3);
        LinkConfig config = LinkConfig.UNLIMITED.withDelay(20 * MS).withQueuePackets(100).with(LinkConfig.BANDWIDTH_TRACE, spec);
        Network link = sim.link("cell", config, Simulation.Resolution.STATIC);
        Machine server = sim.machine("server"), phone = sim.machine("phone");
        sim.connect(server, link, "10.0.0.1/24");
        sim.connect(phone, link, "10.0.0.2/24");
        TcpSink sink = new TcpSink(80, Long.MAX_VALUE, false);
        phone.addApplication(sink);
        server.addApplication(new TcpBulkSend(Ipv4Address.parse("10.0.0.2"), 80, 1L << 40, 0));
        long end = 457 * S;
        sim.runUntil(end);
        BandwidthTrace trace = config.conditions().trace();
        assertThat(trace.meanBps()).isBetween(2.67e6 * 0.98, 2.67e6 * 1.02);
        double goodputBps = sink.received() * 8.0 / (end / 1e9);
        // the trace's mean over the run, and what the line could carry in it
        assertThat(goodputBps).isGreaterThanOrEqualTo(0.9 * trace.meanBps());
        assertThat(sink.received() * 8.0).isGreaterThanOrEqualTo(0.9 * trace.capacity(0, end));
        assertThat(link.stats().delivered()).isPositive();
    }
}
