package elvis.dummynet.aqm;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** PIE's update against RFC 8033: the auto-tuned steps, burst allowance, decay, departure-rate estimate, ECN. */
class PieTest {
    static final long MS = 1_000_000;
    static final Pie TS = new Pie(15 * MS, 15 * MS, 0.125, 1.25, 150 * MS, 0.1, false, true, true, true);

    /** One packet in and one out per ms from {@code fromMs} to {@code toMs}, each having waited {@code sojournMs}, 100 KB queued. */
    static int run(AqmController c, long fromMs, long toMs, long sojournMs, boolean ect, int verdict) {
        int n = 0;
        for (long t = fromMs; t < toMs; t++) {
            if (c.enqueue(t * MS, 66, 100_000, 1500, ect) == verdict) n++;
            c.dequeue(t * MS, sojournMs * MS, 66, 100_000, 1500, ect);
        }
        return n;
    }

    @Test
    void updatesAreScaledWhileTheProbabilityIsSmall() {
        Pie.Controller c = (Pie.Controller) TS.newController(new RandomStream(1), 0);
        run(c, 0, 16, 30, false, AqmController.DROP);
        // First update (t = 15 ms): p = 0.125 · (0.030 − 0.015) + 1.25 · (0.030 − 0) = 0.039375, divided by 2048.
        assertThat(c.dropProbability()).isCloseTo(0.039375 / 2048, within(1e-12));
        run(c, 16, 31, 30, false, AqmController.DROP);
        // Second (t = 30 ms): p = 0.125 · 0.015 = 0.001875; drop_prob is now in [1e-5, 1e-4): divided by 128.
        assertThat(c.dropProbability()).isCloseTo(0.039375 / 2048 + 0.001875 / 128, within(1e-12));
    }

    @Test
    void noDropDuringTheBurstAllowanceThenTheProbabilityClimbs() {
        Pie.Controller c = (Pie.Controller) TS.newController(new RandomStream(1), 0);
        assertThat(run(c, 0, 150, 30, false, AqmController.DROP)).isZero();
        int drops = run(c, 150, 3000, 30, false, AqmController.DROP);
        assertThat(drops).isPositive();
        assertThat(c.dropProbability()).isGreaterThan(0.01);
        // The queue empties: qdelay 0 twice in a row, so each update lowers p and decays it by 2%.
        double before = c.dropProbability();
        c.empty(3000 * MS);
        c.empty(3100 * MS);
        assertThat(c.dropProbability()).isLessThan(before);
        c.empty(60_000 * MS);
        assertThat(c.dropProbability()).isZero();
    }

    @Test
    void capdropLimitsEachStepToTwoPercentAboveTenPercent() {
        Pie.Controller c = (Pie.Controller) TS.newController(new RandomStream(1), 0);
        run(c, 0, 3000, 300, false, AqmController.DROP);
        double p = c.dropProbability();
        assertThat(p).isGreaterThan(0.1);
        run(c, 3000, 3015, 300, false, AqmController.DROP);
        assertThat(c.dropProbability() - p).isLessThanOrEqualTo(0.02 + 1e-12);
    }

    @Test
    void departureRateEstimatesTheQueueDelay() {
        // 1,500-byte packets leave every 1.2 ms (10 Mbit/s) with 60,000 bytes waiting: 16 KB drain in
        // 11 packets, 13.2 ms, so the estimate is 60,000 · 13.2 ms / 16,384 = 48.34 ms.
        Pie.Controller c = (Pie.Controller) Pie.DEFAULT.newController(new RandomStream(1), 0);
        for (int i = 0; i < 100; i++) c.dequeue(i * 1_200_000L, 0, 40, 60_000, 1500, false);
        assertThat(c.queueDelay()).isCloseTo(48_339_843L, within(1_000L));
    }

    @Test
    void ecnMarksBelowMaxEcnthAndDropsAbove() {
        Pie ecn = new Pie(15 * MS, 15 * MS, 0.125, 1.25, 150 * MS, 0.1, true, true, true, true);
        Pie.Controller c = (Pie.Controller) ecn.newController(new RandomStream(1), 0);
        int marks = 0, drops = 0, badDrops = 0, badMarks = 0;
        for (long t = 0; t < 20_000; t++) {                  // 20 ms (5 ms above target) for 10 s, then 300 ms
            int v = c.enqueue(t * MS, 66, 100_000, 1500, true);
            double p = c.dropProbability();             // what the verdict was drawn with
            if (v == AqmController.MARK && ++marks > 0 && p > 0.1) badMarks++;
            if (v == AqmController.DROP && ++drops > 0 && p <= 0.1) badDrops++;
            c.dequeue(t * MS, (t < 10_000 ? 20 : 300) * MS, 66, 100_000, 1500, true);
        }
        assertThat(marks).isPositive();
        assertThat(drops).as("above 10%: drops").isPositive();
        assertThat(badMarks + badDrops).isZero();
    }
}
