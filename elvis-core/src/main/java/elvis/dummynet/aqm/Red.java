package elvis.dummynet.aqm;

import elvis.sim.RandomStream;

/**
 * RED (Floyd and Jacobson, 1993) and gentle RED, as dummynet configures them:
 * {@code red|gred w_q/min_th/max_th/max_p}. The average queue follows
 * avg ← (1 − w_q)·avg + w_q·q at each arrival, and decays by (1 − w_q)^m after an idle period of m
 * average-packet times (dummynet's {@code red_avg_pkt_size}, 512 bytes, at the link's rate; the
 * average is zeroed after {@code red_lookup_depth}, 256, of them). The base probability p_b is 0
 * below min_th, linear from 0 to max_p up to max_th, then 1 (gentle: linear from max_p to 1 up to
 * 2·max_th, then 1). Drops are spaced as in the paper and the dummynet code: a uniform R is drawn
 * after each drop and the packet is dropped once count·p_b exceeds R, so the gap between drops is
 * uniform on 1 … 1/p_b. With thresholds in bytes, p_b is scaled by the packet's size over
 * {@code red_max_pkt_size} (1,500 bytes). With {@code ecn}, ECN-capable packets are marked instead.
 */
public record Red(double wq, double minTh, double maxTh, double maxP, boolean gentle, boolean ecn, boolean bytes)
        implements AqmConfig {
    public static final int AVG_PKT_SIZE = 512;
    public static final int MAX_PKT_SIZE = 1500;
    public static final int LOOKUP_DEPTH = 256;

    public Red {
        AqmConfig.check(wq > 0 && wq <= 1, "RED w_q must be in (0, 1]: " + wq);
        AqmConfig.check(maxP > 0 && maxP <= 1, "RED max_p must be in (0, 1]: " + maxP);
        AqmConfig.check(minTh >= 0, "RED min_th must not be negative: " + minTh);
        AqmConfig.check(minTh < maxTh, "RED min_th (" + minTh + ") must be below max_th (" + maxTh + ")");
    }

    /** The base drop probability p_b at average queue {@code avg}, before the spacing of drops. */
    public double baseProbability(double avg) {
        if (avg < minTh) return 0;
        if (avg < maxTh) return maxP * (avg - minTh) / (maxTh - minTh);
        if (gentle && avg < 2 * maxTh) return maxP + (1 - maxP) * (avg - maxTh) / maxTh;
        return 1;
    }

    @Override
    public AqmController newController(RandomStream random, long bandwidthBps) {
        long step = bandwidthBps > 0 ? Math.ceilDiv(AVG_PKT_SIZE * 8L * 1_000_000_000L, bandwidthBps) : 0;
        return new Controller(this, random, step);
    }

    @Override
    public String describe() {
        return (gentle ? "gred " : "red ") + wq + "/" + fmt(minTh) + "/" + fmt(maxTh) + "/" + maxP + (ecn ? " ecn" : "");
    }

    private String fmt(double th) { return th == Math.rint(th) ? Long.toString((long) th) + (bytes ? "B" : "") : Double.toString(th); }

    private static final class Controller implements AqmController {
        private final Red red;
        private final RandomStream random;
        private final long idleStepNs;       // time to send an average packet; 0: no idle decay
        private double avg;
        private int count = -1;              // packets since the last drop; -1 below min_th
        private double r;                    // the uniform draw the next drop waits for
        private long idleSince = -1;         // when the queue last emptied; -1 while busy

        Controller(Red red, RandomStream random, long idleStepNs) {
            this.red = red;
            this.random = random;
            this.idleStepNs = idleStepNs;
        }

        @Override
        public int enqueue(long now, int packets, long bytes, int packetBytes, boolean ect) {
            double q = red.bytes ? bytes : packets;
            if (q > 0 || idleSince < 0) {
                avg += red.wq * (q - avg);
            } else if (idleStepNs > 0) {
                long m = (now - idleSince) / idleStepNs;
                avg = m < LOOKUP_DEPTH ? avg * Math.pow(1 - red.wq, m) : 0;
            }
            idleSince = -1;
            double pb = red.baseProbability(avg);
            if (pb == 0) {
                count = -1;
                return PASS;
            }
            if (pb >= 1) {
                count = -1;
                return verdict(ect);
            }
            if (red.bytes) pb = pb * packetBytes / MAX_PKT_SIZE;
            if (++count == 0) {
                r = random.nextDouble();
                return PASS;
            }
            if (pb * count > r) {
                count = 0;
                r = random.nextDouble();
                return verdict(ect);
            }
            return PASS;
        }

        private int verdict(boolean ect) { return red.ecn && ect ? MARK : DROP; }

        @Override
        public int dequeue(long now, long sojournNs, int packets, long bytes, int packetBytes, boolean ect) {
            if (packets == 0) idleSince = now;
            return PASS;
        }

        @Override public void empty(long now) { idleSince = now; }
    }
}
