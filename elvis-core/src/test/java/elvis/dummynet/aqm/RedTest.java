package elvis.dummynet.aqm;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** RED's drop curve, the spacing of its drops, idle decay, ECN marking and parameter checks. */
class RedTest {
    static final Red RED = new Red(0.002, 30, 80, 0.1, false, false, false);
    static final Red GRED = new Red(0.002, 30, 80, 0.1, true, false, false);

    /**
     * The drop fraction measured with the queue held at {@code q} packets for long enough that the
     * average (fixed w_q) has converged to q: a constant-rate overload that keeps the queue there.
     */
    static double measuredDropFraction(Red red, double q, int packets) {
        AqmController c = red.newController(new RandomStream(7), 10_000_000);
        for (int i = 0; i < 20 / red.wq(); i++) c.enqueue(0, (int) q, 0, 1500, false);   // converge avg to q
        int drops = 0;
        for (int i = 0; i < packets; i++) if (c.enqueue(0, (int) q, 0, 1500, false) == AqmController.DROP) drops++;
        return (double) drops / packets;
    }

    /**
     * The drop fraction RED's count rule gives for base probability p_b: a drop comes at the first
     * k with k·p_b > R, R uniform on [0, 1), so P(gap > k) = 1 − k·p_b and the mean gap is the sum
     * of those terms (for p_b = 1/n, f = 2·p_b / (1 + p_b): Floyd and Jacobson's uniform spacing).
     */
    static double fractionFor(double pb) {
        if (pb <= 0) return 0;
        double meanGap = 0;
        for (int k = 0; k * pb < 1; k++) meanGap += 1 - k * pb;
        return 1 / meanGap;
    }

    /** Compares the measured drop fraction at average {@code q} with the one RED's curve says. */
    static void assertOnCurve(Red red, int q, double curve) {
        double measured = measuredDropFraction(red, q, 200_000);
        double expected = fractionFor(curve);
        assertThat(red.baseProbability(q)).isCloseTo(curve, within(1e-12));
        assertThat(measured).as("drop fraction at avg %d (p_b %.4f)", q, curve).isCloseTo(expected, within(0.03 * expected + 0.0005));
    }

    @Test
    void dropProbabilityFollowsTheCurve() {
        assertThat(measuredDropFraction(RED, 10, 20_000)).isZero();
        assertThat(measuredDropFraction(RED, 29, 20_000)).isZero();
        for (int q : new int[] {35, 45, 55, 65, 75, 79}) assertOnCurve(RED, q, 0.1 * (q - 30) / 50.0);
        assertThat(measuredDropFraction(RED, 81, 10_000)).isEqualTo(1.0);
        assertThat(measuredDropFraction(RED, 150, 10_000)).isEqualTo(1.0);
    }

    /**
     * A constant-rate overload through a real queue: 1,500-byte packets arrive {@code overload} times
     * faster than a 10 Mbit/s line serves them, for 200,000 arrivals after a warm-up. Returns the mean
     * queue seen by arrivals and the fraction dropped.
     */
    static double[] overload(Red red, double overload) {
        AqmController c = red.newController(new RandomStream(5), 10_000_000);
        long service = 1_200_000, gap = Math.round(service / overload);
        long nextDeparture = Long.MAX_VALUE, now = 0;
        int queue = 0, drops = 0, measured = 0;
        double sumQueue = 0;
        for (int i = 0; i < 260_000; i++, now += gap) {
            while (nextDeparture <= now) {                  // the line finishes packets until this arrival
                queue--;
                c.dequeue(nextDeparture, 0, queue, queue * 1500L, 1500, false);
                nextDeparture = queue > 0 ? nextDeparture + service : Long.MAX_VALUE;
            }
            boolean counted = i >= 60_000;
            if (counted) {
                sumQueue += queue;
                measured++;
            }
            if (c.enqueue(now, queue, queue * 1500L, 1500, false) == AqmController.DROP) {
                if (counted) drops++;
                continue;
            }
            if (queue++ == 0) nextDeparture = now + service;
        }
        return new double[] {sumQueue / measured, (double) drops / measured};
    }

    @Test
    void underAConstantRateOverloadTheQueueSettlesWhereTheCurveDropsTheExcess() {
        for (double r : new double[] {1.02, 1.05, 1.09}) {
            double[] m = overload(RED, r);
            double avg = m[0], fraction = m[1];
            // Throughput equals the line rate: the excess 1 − 1/r is dropped...
            assertThat(fraction).as("drops at overload %.2f", r).isCloseTo(1 - 1 / r, within(0.1 * (1 - 1 / r)));
            // ...at the average queue where RED's curve (with its spacing of drops) drops that much.
            assertThat(avg).isBetween(30.0, 80.0);
            assertThat(fraction).as("curve at avg %.1f", avg).isCloseTo(fractionFor(RED.baseProbability(avg)), within(0.05 * fraction));
        }
    }

    @Test
    void gentleRedRisesFromMaxPToOneAtTwiceMaxTh() {
        assertOnCurve(GRED, 55, 0.05);
        for (int q : new int[] {90, 110, 130, 150}) assertOnCurve(GRED, q, 0.1 + 0.9 * (q - 80) / 80.0);
        assertThat(measuredDropFraction(GRED, 161, 10_000)).isEqualTo(1.0);
    }

    @Test
    void dropsAreSpacedNotClustered() {
        // p_b = 0.1 at avg 80 (just under max_th): the gap between drops never exceeds 1/p_b = 10 packets.
        AqmController c = new Red(1, 30, 81, 0.1 * 51 / 50, false, false, false).newController(new RandomStream(3), 0);
        int sinceDrop = 0, maxGap = 0;
        c.enqueue(0, 80, 0, 1500, false);
        for (int i = 0; i < 100_000; i++) {
            sinceDrop++;
            if (c.enqueue(0, 80, 0, 1500, false) == AqmController.DROP) {
                maxGap = Math.max(maxGap, sinceDrop);
                sinceDrop = 0;
            }
        }
        assertThat(maxGap).isLessThanOrEqualTo(10);
    }

    /** A controller whose average has converged to 100 packets, with the queue then emptied at 1 ms. */
    static AqmController fullThenIdle() {
        AqmController c = RED.newController(new RandomStream(1), 10_000_000);
        for (int i = 0; i < 10_000; i++) c.enqueue(0, 100, 0, 1500, false);
        c.dequeue(1_000_000, 0, 0, 0, 1500, false);
        return c;
    }

    @Test
    void averageDecaysWhileTheQueueIsIdle() {
        // At 10 Mbit/s a 512-byte average packet takes 409,600 ns; m idle packets scale avg by 0.998^m,
        // which falls below max_th = 80 after 112 of them (0.998^111 · 100 = 80.1, 0.998^112 · 100 = 79.97).
        long step = 409_600;
        assertThat(fullThenIdle().enqueue(1_000_000 + 111 * step + 1, 0, 0, 1500, false)).isEqualTo(AqmController.DROP);
        assertThat(fullThenIdle().enqueue(1_000_000 + 112 * step + 1, 0, 0, 1500, false)).isEqualTo(AqmController.PASS);
        // After red_lookup_depth (256) steps the average is zero, not 0.998^300 · 100 = 54.8: no drop follows.
        AqmController c = fullThenIdle();
        long t = 1_000_000 + 300 * step;
        int drops = 0;
        for (int i = 0; i < 300; i++) if (c.enqueue(t, i == 0 ? 0 : 30, 0, 1500, false) != AqmController.PASS) drops++;
        assertThat(drops).isZero();
        AqmController kept = fullThenIdle();           // the same 300 packets after a shorter idle period do see drops
        drops = 0;
        for (int i = 0; i < 300; i++) if (kept.enqueue(1_000_000 + 200 * step, i == 0 ? 0 : 30, 0, 1500, false) != AqmController.PASS) drops++;
        assertThat(drops).isPositive();
    }

    @Test
    void ecnCapablePacketsAreMarkedNotDropped() {
        AqmController c = new Red(0.002, 30, 80, 0.1, false, true, false).newController(new RandomStream(1), 0);
        for (int i = 0; i < 20_000; i++) c.enqueue(0, 100, 0, 1500, true);
        assertThat(c.enqueue(0, 100, 0, 1500, true)).isEqualTo(AqmController.MARK);
        assertThat(c.enqueue(0, 100, 0, 1500, false)).as("not-ECT is dropped").isEqualTo(AqmController.DROP);
    }

    @Test
    void badParametersAreRefusedByName() {
        assertThatThrownBy(() -> new Red(0.002, 80, 30, 0.1, false, false, false)).hasMessageContaining("min_th (80.0) must be below max_th (30.0)");
        assertThatThrownBy(() -> new Red(0.002, 30, 80, 1.5, false, false, false)).hasMessageContaining("max_p must be in (0, 1]");
        assertThatThrownBy(() -> new Red(0.002, 30, 80, -0.1, false, false, false)).hasMessageContaining("max_p");
        assertThatThrownBy(() -> new Red(0, 30, 80, 0.1, false, false, false)).hasMessageContaining("w_q");
        assertThatThrownBy(() -> new CoDel(-1, 100_000_000, false)).hasMessageContaining("CoDel target must be positive");
        assertThatThrownBy(() -> new Pie(15_000_000, 15_000_000, 8, 1.25, 150_000_000, 0.1, false, true, true, false))
                .hasMessageContaining("alpha must be in 0..7");
    }
}
