package elvis.link;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AQM queue disciplines on a link, with one bulk TCP flow through a 10 Mbit/s link with a
 * 1,000-packet buffer (R-DN-6): drop-tail stands at about buffer/rate, CoDel and PIE near their targets.
 */
class AqmLinkTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int B = Ipv4Address.parse("10.0.0.2");
    static final LinkConfig BOTTLENECK = LinkConfig.UNLIMITED.withBandwidth(10_000_000).withDelay(10 * MS).withQueuePackets(1000);

    /** Sojourn times (ns) of the frames towards one port that started transmission after {@code fromNs}. */
    static final class Sojourns implements FrameTap {
        final elvis.sim.Simulator clock;
        final int toPort;
        final long fromNs;
        final Map<Message, Long> waiting = new IdentityHashMap<>();
        long[] values = new long[1024];
        int n;

        Sojourns(elvis.sim.Simulator clock, int toPort, long fromNs) { this.clock = clock; this.toPort = toPort; this.fromNs = fromNs; }

        @Override
        public void queued(Network net, int port, Message frame, long startNs) {
            if (port != toPort) return;
            long now = clock.now();
            if (startNs >= 0) add(startNs, startNs - now);
            else waiting.put(frame, now);
        }

        @Override
        public void unqueued(Network net, int port, Message frame, long plannedStartNs) {
            Long since = port == toPort ? waiting.remove(frame) : null;
            if (since != null) add(clock.now(), clock.now() - since);
        }

        private void add(long start, long sojourn) {
            if (start < fromNs) return;
            if (n == values.length) values = Arrays.copyOf(values, n * 2);
            values[n++] = sojourn;
        }

        long percentile(double p) {
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return sorted[(int) Math.min(n - 1, Math.floor(p * n))];
        }
    }

    record Run(Sojourns sojourns, PipeStats forward, long received) { }

    /** One bulk TCP flow a → b for {@code seconds} over {@code config}; sojourns measured after the first 10 s. */
    static Run bulk(LinkConfig config, TcpConfig tcp, int seconds) {
        Simulation sim = new Simulation(11);
        Network link = sim.link("wan", config, Simulation.Resolution.STATIC);
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, link, "10.0.0.1/24");
        sim.connect(b, link, "10.0.0.2/24");
        Tcp.of(a).config(tcp);
        Tcp.of(b).config(tcp);
        Sojourns sojourns = new Sojourns(sim.kernel(), 1, 10 * S);
        link.addTap(sojourns);
        TcpSink sink = new TcpSink(80, 0, false);
        b.addApplication(sink);
        a.addApplication(new TcpBulkSend(B, 80, 1L << 40, 0));
        sim.runUntil(seconds * S);
        return new Run(sojourns, link.pipe(1).stats(), sink.received());
    }

    static final TcpConfig BIG_WINDOWS = TcpConfig.DEFAULT.withSendBuffer(8 << 20).withReceiveBuffer(8 << 20);

    @Test
    void dropTailStandsAtAboutBufferOverRate() {
        // The slow-start overshoot fills the buffer (1,000 frames of 1,514 bytes at 10 Mbit/s: 1.211 s); after the
        // halving the window exceeds the pipe by hundreds of frames and grows by one per ~1 s round trip, so the
        // queue never drains: the delay stands between 0.8 s and buffer/rate for the whole minute.
        Run r = bulk(BOTTLENECK, BIG_WINDOWS, 60);
        assertThat(r.sojourns.percentile(0.1)).isGreaterThan(800 * MS);
        assertThat(r.sojourns.percentile(1)).isLessThanOrEqualTo(1_212 * MS);
        assertThat(r.sojourns.percentile(0.0)).as("the queue never drained").isGreaterThan(600 * MS);
        assertThat(r.forward.droppedQueue()).isPositive();
    }

    @Test
    void codelKeepsTheMedianSojournWithinTwiceItsTarget() {
        Run r = bulk(BOTTLENECK.with(LinkConfig.QDISC, "codel"), BIG_WINDOWS, 30);
        assertThat(r.sojourns.percentile(0.5)).isLessThanOrEqualTo(10 * MS);
        assertThat(r.forward.droppedAqm()).isPositive();
        assertThat(r.forward.droppedQueue()).isZero();
        assertThat(r.received * 8.0 / 30 / 10e6).as("utilisation").isGreaterThan(0.85);
    }

    @Test
    void pieKeepsTheDelayNearItsTarget() {
        Run r = bulk(BOTTLENECK.with(LinkConfig.QDISC, "pie"), BIG_WINDOWS, 30);
        assertThat(r.sojourns.percentile(0.5)).isBetween(5 * MS, 30 * MS);
        assertThat(r.received * 8.0 / 30 / 10e6).as("utilisation").isGreaterThan(0.85);
        assertThat(r.forward.droppedAqm()).isPositive();
        assertThat(r.forward.droppedQueue()).isZero();
    }
}
