package elvis.live;

import static elvis.live.BridgedWorld.MS;
import static org.assertj.core.api.Assertions.assertThat;

import elvis.link.LinkConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ping, Linux's, from a namespace through the bridge to a simulated server 20 ms away each way. */
class TapBridgePingTest {
    @Test
    void pingCrossesTwentyMillisecondsEachWayInFortyMilliseconds() throws Exception {
        Live.assumeTap();
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED.withDelay(20 * MS)).bridge()) {
            // The pacing docs/live.md gives for sub-millisecond timing (--spin 1ms): with the default 100 µs,
            // an idle VM's parked kernel thread wakes late at every paced instant, some 0.8 ms per round trip.
            w.kernel.spinNs(MS);
            w.start();
            w.exec(30, "ping", "-c", "5", "-i", "0.05", "10.1.0.2");   // warms up the JIT and the ARP caches
            // a loaded machine delays threads by milliseconds now and then: up to three runs, until one
            // has every reply within 40 +- 1 ms, so that the figure is the emulation's, not the scheduler's
            String best = null;
            double bestMax = Double.MAX_VALUE;
            for (int attempt = 0; attempt < 3 && bestMax > 41.0; attempt++) {
                String run = w.exec(30, "ping", "-c", "20", "-i", "0.05", "10.1.0.2");
                System.out.println(run);
                assertThat(BridgedWorld.counts(run)).as(run).containsExactly(20, 20);
                List<Double> rtts = BridgedWorld.rtts(run);
                assertThat(rtts).hasSize(20);
                // never sooner than the links allow: events run no earlier than their time
                assertThat(rtts).allSatisfy(rtt -> assertThat(rtt).as(run).isGreaterThanOrEqualTo(40.0));
                double max = BridgedWorld.summary(run)[2];
                if (max < bestMax) {
                    bestMax = max;
                    best = run;
                }
            }
            String shown = best;
            // 40 ms plus what the host adds. The request's arrival is stamped when the reader took it, so the kernel
            // thread's wake-up is not in the round trip, but the reader's poll and ping's own wake-ups are: 0.4-0.6 ms
            // on this project's VM when idle (medians 40.4-40.6 ms, 2026-12-05), more when it is loaded. So the median
            // is within 1 ms of 40 (issue 20's figure) on a quiet machine and within 2 ms otherwise; the median, since
            // one or two replies of a run meet a late wake-up of the VM. The simulated part alone is exact (no reply
            // sooner than 40 ms, above).
            double median = BridgedWorld.rtts(best).stream().sorted().toList().get(10);
            assertThat(median).as("median, " + shown).isBetween(40.0, Live.quietMachine() ? 41.0 : 42.0);
            TapStats stats = w.bridge.stats();
            assertThat(stats.framesIn()).isGreaterThanOrEqualTo(26);     // 25 echo requests and an ARP request at least
            assertThat(stats.framesOut()).isGreaterThanOrEqualTo(26);
            assertThat(stats.gone()).isFalse();
            assertThat(stats.malformed() + stats.oversized() + stats.flood() + stats.writeFailed() + stats.corrupted()).isZero();
        }
    }

    @Test
    void tenPercentLossEachWayLosesNineteenPercentOfAThousandPings() throws Exception {
        Live.assumeTap();
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED.withDelay(20 * MS).withLoss(0.1)).bridge().start()) {
            String out = w.exec(60, "ping", "-q", "-c", "1000", "-i", "0.002", "-W", "1", "10.1.0.2");
            System.out.println(out);
            int[] counts = BridgedWorld.counts(out);
            assertThat(counts[0]).isEqualTo(1000);
            double loss = 1 - counts[1] / 1000.0, expected = 1 - 0.9 * 0.9;
            double sigma = Math.sqrt(expected * (1 - expected) / 1000);
            assertThat(Math.abs(loss - expected)).as("loss %s", loss).isLessThanOrEqualTo(4 * sigma);
        }
    }
}
