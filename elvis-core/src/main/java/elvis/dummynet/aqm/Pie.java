package elvis.dummynet.aqm;

import elvis.sim.RandomStream;

/**
 * PIE (RFC 8033): drops (or marks) arriving packets with a probability updated every
 * {@code tupdate} from the queue delay: p += α·(qdelay − target) + β·(qdelay − qdelay_old), with
 * α and β (per second) scaled down while the probability is small (the RFC's auto-tuning: /2048
 * below 10⁻⁶ … /2 below 10⁻¹), a step capped at 2% once the probability is 10% or more
 * ({@code capdrop}), a 2% decay per update while the queue stays empty, and a burst allowance
 * ({@code max_burst}) during which nothing is dropped. The queue delay is estimated from the
 * departure rate ({@code dre}, the default: the time to drain 16 KB measured while that much
 * waits, averaged with weight 1/4) or, with {@code timestamps}, is the last packet's sojourn. With
 * {@code ecn}, ECN-capable packets are marked instead while the probability is at most
 * {@code maxEcnth}. {@code derand} spaces drops as the RFC's derandomization does. Updates happen
 * lazily at the next packet, which gives the same result: the queue does not change between packets.
 */
public record Pie(long targetNs, long tupdateNs, double alpha, double beta, long maxBurstNs, double maxEcnth,
                  boolean ecn, boolean capdrop, boolean derand, boolean timestamps) implements AqmConfig {
    public static final long MAX_BURST_LIMIT_NS = 10_000_000_000L;
    /** RFC 8033's DQ_THRESHOLD: bytes a departure-rate measurement spans. */
    public static final int DQ_THRESHOLD = 16 * 1024;
    /** RFC 8033's MEAN_PKTSIZE. */
    public static final int MEAN_PKTSIZE = 1500;

    public static final Pie DEFAULT = new Pie(15_000_000, 15_000_000, 0.125, 1.25, 150_000_000, 0.1, false, true, true, false);

    public Pie {
        AqmConfig.check(targetNs > 0, "PIE target must be positive: " + targetNs + " ns");
        AqmConfig.check(tupdateNs > 0, "PIE tupdate must be positive: " + tupdateNs + " ns");
        AqmConfig.check(alpha >= 0 && alpha <= 7, "PIE alpha must be in 0..7: " + alpha);
        AqmConfig.check(beta >= 0 && beta <= 7, "PIE beta must be in 0..7: " + beta);
        AqmConfig.check(maxBurstNs >= 0 && maxBurstNs <= MAX_BURST_LIMIT_NS, "PIE max_burst must be in 0..10s: " + maxBurstNs + " ns");
        AqmConfig.check(maxEcnth >= 0 && maxEcnth <= 1, "PIE max_ecnth must be in 0..1: " + maxEcnth);
    }

    @Override public AqmController newController(RandomStream random, long bandwidthBps) { return new Controller(this, random); }

    @Override
    public String describe() {
        return "pie target " + targetNs / 1e6 + "ms tupdate " + tupdateNs / 1e6 + "ms alpha " + alpha + " beta " + beta
                + " max_burst " + maxBurstNs / 1e6 + "ms max_ecnth " + maxEcnth + (ecn ? " ecn" : " noecn")
                + (capdrop ? " capdrop" : " nocapdrop") + (derand ? " drand" : " nodrand") + (timestamps ? " ts" : " dre");
    }

    /** The RFC's state: the drop probability and what its periodic update reads. */
    static final class Controller implements AqmController {
        private final Pie p;
        private final RandomStream random;
        private double dropProb, accuProb;
        private long qdelayOld;
        private long burstAllowance;
        private long nextUpdate = -1;       // -1: before the first packet
        // What the next update reads (the queue is constant between packets).
        private long queueBytes;
        private long lastSojourn;
        // Departure-rate estimation.
        private long dqStart = -1, dqCount;   // dqStart -1: not measuring
        private double avgDqTime;             // ns to drain DQ_THRESHOLD bytes; 0 before the first measurement

        Controller(Pie p, RandomStream random) {
            this.p = p;
            this.random = random;
            this.burstAllowance = p.maxBurstNs;
        }

        /** Runs the updates due at or before {@code now}. */
        private void catchUp(long now) {
            if (nextUpdate < 0) {
                nextUpdate = now + p.tupdateNs;
                return;
            }
            while (now >= nextUpdate) {
                long qdelay = qdelay();
                if (dropProb == 0 && qdelay == 0 && qdelayOld == 0 && burstAllowance == p.maxBurstNs) {
                    // A fixed point: further updates change nothing until a packet comes.
                    nextUpdate += (now - nextUpdate) / p.tupdateNs * p.tupdateNs + p.tupdateNs;
                    return;
                }
                update(qdelay);
                nextUpdate += p.tupdateNs;
            }
        }

        private long qdelay() {
            if (queueBytes == 0) return 0;
            if (p.timestamps) return lastSojourn;
            return avgDqTime == 0 ? 0 : (long) (queueBytes * avgDqTime / DQ_THRESHOLD);
        }

        /** RFC 8033 section 4.2, with α and β per second and delays in ns. */
        private void update(long qdelay) {
            double step = p.alpha * (qdelay - p.targetNs) * 1e-9 + p.beta * (qdelay - qdelayOld) * 1e-9;
            if (dropProb < 0.000001) step /= 2048;
            else if (dropProb < 0.00001) step /= 512;
            else if (dropProb < 0.0001) step /= 128;
            else if (dropProb < 0.001) step /= 32;
            else if (dropProb < 0.01) step /= 8;
            else if (dropProb < 0.1) step /= 2;
            if (p.capdrop && dropProb >= 0.1 && step > 0.02) step = 0.02;
            dropProb += step;
            if (qdelay == 0 && qdelayOld == 0) dropProb *= 0.98;
            dropProb = Math.min(1, Math.max(0, dropProb));
            burstAllowance = Math.max(0, burstAllowance - p.tupdateNs);
            if (dropProb == 0 && qdelay < p.targetNs / 2 && qdelayOld < p.targetNs / 2) burstAllowance = p.maxBurstNs;
            qdelayOld = qdelay;
        }

        @Override
        public int enqueue(long now, int packets, long bytes, int packetBytes, boolean ect) {
            catchUp(now);
            queueBytes = bytes + packetBytes;
            if (!dropEarly(bytes)) return PASS;
            if (p.ecn && ect && dropProb <= p.maxEcnth) return MARK;     // marked, it joins the queue
            queueBytes = bytes;
            return DROP;
        }

        /** RFC 8033 section 5.1 (drop_early) with the derandomization of section 5.3. */
        private boolean dropEarly(long bytes) {
            if (burstAllowance > 0) return false;
            if ((qdelayOld < p.targetNs / 2 && dropProb < 0.2) || bytes <= 2L * MEAN_PKTSIZE) return false;
            if (!p.derand) return random.chance(dropProb);
            if (dropProb == 0) accuProb = 0;
            accuProb += dropProb;
            if (accuProb < 0.85) return false;
            if (accuProb >= 8.5 || random.chance(dropProb)) {
                accuProb = 0;
                return true;
            }
            return false;
        }

        @Override
        public int dequeue(long now, long sojournNs, int packets, long bytes, int packetBytes, boolean ect) {
            catchUp(now);
            queueBytes = bytes;
            lastSojourn = sojournNs;
            if (!p.timestamps) measureDeparture(now, bytes, packetBytes);
            return PASS;
        }

        /** RFC 8033 section 5.2: times the draining of DQ_THRESHOLD bytes, started while that much waits. */
        private void measureDeparture(long now, long bytesLeft, int packetBytes) {
            if (dqStart >= 0) {
                dqCount += packetBytes;
                if (dqCount >= DQ_THRESHOLD) {
                    long interval = now - dqStart;
                    avgDqTime = avgDqTime == 0 ? interval : 0.75 * avgDqTime + 0.25 * interval;
                    dqStart = -1;
                }
            }
            if (dqStart < 0 && bytesLeft >= DQ_THRESHOLD) {
                dqStart = now;
                dqCount = 0;
            }
        }

        /** The current drop probability (FQ-PIE and tests read it). */
        double dropProbability() { return dropProb; }

        /** The queue delay the next update will use. */
        long queueDelay() { return qdelay(); }

        @Override
        public void empty(long now) {
            catchUp(now);
            queueBytes = 0;
            dqStart = -1;
        }
    }
}
