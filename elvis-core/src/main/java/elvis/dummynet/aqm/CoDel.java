package elvis.dummynet.aqm;

import elvis.sim.RandomStream;

/**
 * CoDel (RFC 8289): acts at dequeue on the sojourn time. When the sojourn has stayed at or above
 * {@code target} for {@code interval} (and more than one MTU waits), it enters the dropping state
 * and drops (or, with {@code ecn}, marks an ECN-capable packet) one packet each
 * interval/√count, count growing by one per drop; it leaves as soon as a sojourn is below target.
 * Re-entering within 16 intervals of the last drop resumes near the previous rate (count − lastcount).
 * Defaults: target 5 ms, interval 100 ms, ECN off (dummynet's and the RFC's).
 */
public record CoDel(long targetNs, long intervalNs, boolean ecn) implements AqmConfig {
    public static final long DEFAULT_TARGET_NS = 5_000_000;
    public static final long DEFAULT_INTERVAL_NS = 100_000_000;
    /** RFC 8289's MAXPACKET: with at most this many bytes waiting, the queue is not standing. */
    public static final int MAX_PACKET = 1514;

    public static final CoDel DEFAULT = new CoDel(DEFAULT_TARGET_NS, DEFAULT_INTERVAL_NS, false);

    public CoDel {
        AqmConfig.check(targetNs > 0, "CoDel target must be positive: " + targetNs + " ns");
        AqmConfig.check(intervalNs > 0, "CoDel interval must be positive: " + intervalNs + " ns");
    }

    @Override public AqmController newController(RandomStream random, long bandwidthBps) { return new Controller(this); }

    @Override
    public String describe() {
        return "codel target " + targetNs / 1e6 + "ms interval " + intervalNs / 1e6 + "ms" + (ecn ? " ecn" : "");
    }

    /** The RFC's state machine, cut at each packet it looks at so the queue keeps the packets. */
    static final class Controller implements AqmController {
        private final CoDel p;
        private boolean dropping;
        private long firstAboveTime;     // 0: the sojourn is below target
        private long dropNext;
        private int count, lastCount;
        /** The last verdict was DROP: this call looks at the packet the RFC's loop dequeues next. */
        private boolean afterDrop;
        /** With {@link #afterDrop}: the drop was inside the dropping state's loop, not the one that entered it. */
        private boolean inLoop;

        Controller(CoDel p) { this.p = p; }

        @Override public int enqueue(long now, int packets, long bytes, int packetBytes, boolean ect) { return PASS; }

        @Override
        public int dequeue(long now, long sojournNs, int packets, long bytes, int packetBytes, boolean ect) {
            boolean okToDrop = okToDrop(now, sojournNs, bytes);
            if (afterDrop) {
                afterDrop = false;
                if (!inLoop) return PASS;           // the packet after the drop that entered the state
                if (!okToDrop) {
                    dropping = false;
                    return PASS;
                }
                dropNext = controlLaw(dropNext, count);
                return loop(now, ect);
            }
            if (dropping) {
                if (!okToDrop) {
                    dropping = false;
                    return PASS;
                }
                return loop(now, ect);
            }
            if (!okToDrop) return PASS;
            dropping = true;
            int delta = count - lastCount;
            count = delta > 1 && now - dropNext < 16 * p.intervalNs ? delta : 1;
            dropNext = controlLaw(now, count);
            lastCount = count;
            if (p.ecn && ect) return MARK;
            afterDrop = true;
            inLoop = false;
            return DROP;
        }

        /** One turn of the dropping state's loop: drop (or mark) when the next drop is due. */
        private int loop(long now, boolean ect) {
            if (now < dropNext) return PASS;
            count++;
            if (p.ecn && ect) {
                dropNext = controlLaw(dropNext, count);
                return MARK;
            }
            afterDrop = true;
            inLoop = true;
            return DROP;
        }

        private boolean okToDrop(long now, long sojournNs, long bytesLeft) {
            if (sojournNs < p.targetNs || bytesLeft <= MAX_PACKET) {
                firstAboveTime = 0;
                return false;
            }
            if (firstAboveTime == 0) {
                firstAboveTime = now + p.intervalNs;
                return false;
            }
            return now >= firstAboveTime;
        }

        private long controlLaw(long t, int count) { return t + (long) (p.intervalNs / Math.sqrt(count)); }

        @Override
        public void empty(long now) {
            firstAboveTime = 0;
            dropping = false;
            afterDrop = false;
        }
    }
}
