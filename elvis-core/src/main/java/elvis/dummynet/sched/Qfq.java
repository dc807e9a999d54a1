package elvis.dummynet.sched;

import elvis.message.Message;

/**
 * Quick Fair Queueing (Checconi, Rizzo and Valente, 2013; dummynet's {@code qfq}): WF2Q+'s
 * guarantees within a constant, in O(1) per packet. A flow of weight w and largest packet L goes
 * to the group whose slot size 2^k is the smallest power of two at least L/w; inside a group,
 * flows sit in a ring of {@link #SLOTS} buckets by rounded virtual start time, so finding a group's
 * first flow is a find-first-set over a bitmap. Groups are kept in four bitmaps by state (eligible
 * or not, ready or blocked by a group of smaller finish time), and the next group to serve is the
 * lowest set bit of "eligible and ready".
 * <p>
 * Virtual times are fixed point with {@link #FRAC_BITS} fractional bits, compared modulo 2^64. V
 * advances by L/&Sigma;w per packet, with &Sigma;w over every flow the scheduler holds.
 */
public final class Qfq implements FlowScheduler {
    static final int FRAC_BITS = 30;
    private static final long ONE = 1L << FRAC_BITS;
    /** log2 of the largest packet a flow may declare. */
    static final int MTU_SHIFT = 16;
    static final int MAX_INDEX = 24;
    private static final int MIN_SLOT_SHIFT = FRAC_BITS + MTU_SHIFT - MAX_INDEX;
    static final int SLOTS = 32;
    /** dummynet's bounds: weight 1..65536, maxlen 1..2000 bytes (ours to 65536 for jumbo frames). */
    public static final int MAX_WEIGHT = 65536, DEFAULT_MAX_LENGTH = 1500, MAX_LENGTH = 1 << MTU_SHIFT;
    /** Bound on &Sigma;w, so that L/&Sigma;w stays at least one unit of V for any packet (L &lt;&lt; 30 &ge; 2^32). */
    public static final long MAX_WEIGHT_SUM = 1L << 32;

    // group states, the indexes of the bitmaps: eligible ready, ineligible ready, eligible blocked, ineligible blocked
    private static final int ER = 0, IR = 1, EB = 2, IB = 3;

    private final int maxLength;
    private final int[] bitmaps = new int[4];
    private final long[] groupStart = new long[MAX_INDEX + 1], groupFinish = new long[MAX_INDEX + 1];
    private final int[] front = new int[MAX_INDEX + 1], fullSlots = new int[MAX_INDEX + 1];
    /** Group g's bucket b is the list headed at {@code buckets[g * SLOTS + b]}, linked through {@link SchedFlow#next}. */
    private final SchedFlow[] buckets = new SchedFlow[(MAX_INDEX + 1) * SLOTS];
    private long virtualTime;
    private long weightSum;

    public Qfq() { this(DEFAULT_MAX_LENGTH); }

    /** Flows declare {@code maxLength} as their largest packet (dummynet's per-flowset maxlen). */
    public Qfq(int maxLength) {
        if (maxLength < 1 || maxLength > MAX_LENGTH)
            throw new IllegalArgumentException("qfq maxlen must be 1.." + MAX_LENGTH + " bytes: " + maxLength);
        this.maxLength = maxLength;
    }

    public int maxLength() { return maxLength; }

    @Override
    public void attach(SchedFlow flow) {
        int weight = flow.weight;
        if (weight > MAX_WEIGHT) throw new IllegalArgumentException("qfq weight must be 1.." + MAX_WEIGHT + ": " + weight);
        if (weightSum + weight > MAX_WEIGHT_SUM)
            throw new IllegalArgumentException("qfq: the weights of its flows would add up to more than " + MAX_WEIGHT_SUM);
        flow.inverseWeight = ONE / weight;
        flow.slot = groupIndex(flow.inverseWeight, maxLength);
        weightSum += weight;
    }

    @Override
    public void detach(SchedFlow flow) {
        if (!flow.isEmpty()) throw new IllegalStateException("a flow with packets waiting cannot be detached");
        weightSum -= flow.weight;
    }

    /** The group of slot size 2^(shift), the smallest at least maxLength/weight. */
    static int groupIndex(long inverseWeight, int maxLength) {
        long slotSize = maxLength * inverseWeight;
        long sizeMap = slotSize >>> MIN_SLOT_SHIFT;
        if (sizeMap == 0) return 0;
        int index = 64 - Long.numberOfLeadingZeros(sizeMap);
        if (slotSize == 1L << (index + MIN_SLOT_SHIFT - 1)) index--;  // an exact power of two fits its own size
        return Math.min(Math.max(index, 0), MAX_INDEX);
    }

    private static int slotShift(int group) { return MIN_SLOT_SHIFT + group; }

    private static boolean after(long a, long b) { return a - b > 0; }

    private static long roundDown(long t, int shift) { return t & -(1L << shift); }

    private static int maskFrom(int bitmap, int from) { return bitmap & -(1 << from); }

    private static void move(int[] bitmaps, int mask, int from, int to) {
        bitmaps[to] |= bitmaps[from] & mask;
        bitmaps[from] &= ~mask;
    }

    @Override
    public boolean enqueue(SchedFlow flow, Message packet, long now) {
        boolean wasIdle = flow.isEmpty();
        if (!flow.append(packet, now)) return false;
        if (!wasIdle) return true;
        int g = flow.slot, shift = slotShift(g);
        updateStart(flow);
        flow.finish = flow.start + (long) packet.length() * flow.inverseWeight;
        long roundedStart = roundDown(flow.start, shift);
        if (fullSlots[g] != 0) {
            if (!after(groupStart[g], flow.start)) {
                insert(g, flow, roundedStart);
                return true;
            }
            // the group's start moves back: make room in front (the group cannot have been eligible)
            int by = (int) ((groupStart[g] - roundedStart) >>> shift);
            fullSlots[g] <<= by;
            front[g] = (front[g] - by) & (SLOTS - 1);
            bitmaps[IR] &= ~(1 << g);
            bitmaps[IB] &= ~(1 << g);
        } else if (bitmaps[ER] == 0 && after(roundedStart, virtualTime)) {
            virtualTime = roundedStart;
        }
        groupStart[g] = roundedStart;
        groupFinish[g] = roundedStart + (2L << shift);
        bitmaps[state(g)] |= 1 << g;
        insert(g, flow, roundedStart);
        return true;
    }

    /**
     * A returning flow starts at its old F if that is still a valid timestamp, else at V, or at the
     * finish of the first eligible group that would otherwise be overtaken (keeping ER ordered).
     */
    private void updateStart(SchedFlow flow) {
        int shift = slotShift(flow.slot);
        long roundedFinish = roundDown(flow.finish, shift);
        long limit = roundDown(virtualTime, shift) + (1L << shift);
        if (after(flow.finish, virtualTime) && !after(roundedFinish, limit)) {
            flow.start = flow.finish;
            return;
        }
        int mask = maskFrom(bitmaps[ER], flow.slot);
        if (mask != 0) {
            int next = Integer.numberOfTrailingZeros(mask);
            if (after(roundedFinish, groupFinish[next])) {
                flow.start = groupFinish[next];
                return;
            }
        }
        flow.start = virtualTime;
    }

    private int state(int g) {
        int state = after(groupStart[g], virtualTime) ? IR : ER;
        int mask = maskFrom(bitmaps[ER], g);
        if (mask != 0 && after(groupFinish[g], groupFinish[Integer.numberOfTrailingZeros(mask)])) state |= EB;
        return state;
    }

    private void insert(int g, SchedFlow flow, long roundedStart) {
        long offset = (roundedStart - groupStart[g]) >>> slotShift(g);
        // the paper bounds the offset by about L_max/L_min + 5; a flow whose packets exceed its declared
        // maxlen could go further, so it is held to the last bucket rather than wrap onto the front
        int slot = (int) Math.min(offset, SLOTS - 2);
        int b = g * SLOTS + ((front[g] + slot) & (SLOTS - 1));
        flow.next = buckets[b];
        buckets[b] = flow;
        fullSlots[g] |= 1 << slot;
    }

    private void removeFront(int g) {
        int b = g * SLOTS + front[g];
        buckets[b] = buckets[b].next;
        if (buckets[b] == null) fullSlots[g] &= ~1;
    }

    /** The group's first flow, turning the ring so that its bucket is the front; null when the group is empty. */
    private SchedFlow scan(int g) {
        if (fullSlots[g] == 0) return null;
        int i = Integer.numberOfTrailingZeros(fullSlots[g]);
        if (i > 0) {
            front[g] = (front[g] + i) & (SLOTS - 1);
            fullSlots[g] >>>= i;
        }
        return buckets[g * SLOTS + front[g]];
    }

    @Override
    public Message dequeue(long now) {
        while (bitmaps[ER] != 0) {
            int g = Integer.numberOfTrailingZeros(bitmaps[ER]);
            SchedFlow flow = buckets[g * SLOTS + front[g]];
            Message packet = flow.poll(now);    // null when the queue's AQM dropped what was left
            long oldVirtualTime = virtualTime;
            if (packet != null) virtualTime += ((long) packet.length() << FRAC_BITS) / weightSum;
            if (updateFlow(g, flow)) {
                long oldFinish = groupFinish[g];
                SchedFlow first = scan(g);
                boolean unblock = true;
                if (first == null) {
                    bitmaps[ER] &= ~(1 << g);
                } else {
                    long roundedStart = roundDown(first.start, slotShift(g));
                    if (groupStart[g] == roundedStart) {
                        unblock = false;
                    } else {
                        groupStart[g] = roundedStart;
                        groupFinish[g] = roundedStart + (2L << slotShift(g));
                        bitmaps[ER] &= ~(1 << g);
                        bitmaps[state(g)] |= 1 << g;
                    }
                }
                if (unblock) unblock(g, oldFinish);
            }
            updateEligible(oldVirtualTime);
            if (packet != null) return packet;
        }
        return null;
    }

    /** Advances the flow just served; true when it left the group's front bucket. */
    private boolean updateFlow(int g, SchedFlow flow) {
        flow.start = flow.finish;
        if (flow.isEmpty()) {
            removeFront(g);
            return true;
        }
        flow.finish = flow.start + (long) flow.headLength() * flow.inverseWeight;
        long roundedStart = roundDown(flow.start, slotShift(g));
        if (roundedStart == groupStart[g]) return false;
        removeFront(g);
        insert(g, flow, roundedStart);
        return true;
    }

    /** Groups below g that g's old finish blocked become ready, unless another eligible group still blocks them. */
    private void unblock(int g, long oldFinish) {
        int mask = maskFrom(bitmaps[ER], g + 1);
        if (mask != 0 && !after(groupFinish[Integer.numberOfTrailingZeros(mask)], oldFinish)) return;
        mask = (1 << g) - 1;
        move(bitmaps, mask, EB, ER);
        move(bitmaps, mask, IB, IR);
    }

    /** When nothing is eligible V jumps to the first start; groups whose slot V crossed become eligible. */
    private void updateEligible(long oldVirtualTime) {
        int ineligible = bitmaps[IR] | bitmaps[IB];
        if (ineligible == 0) return;
        if (bitmaps[ER] == 0) {
            int g = Integer.numberOfTrailingZeros(ineligible);
            if (after(groupStart[g], virtualTime)) virtualTime = groupStart[g];
        }
        long crossed = (virtualTime >>> MIN_SLOT_SHIFT) ^ (oldVirtualTime >>> MIN_SLOT_SHIFT);
        if (crossed != 0) {
            int mask = (int) ((2L << (63 - Long.numberOfLeadingZeros(crossed))) - 1);
            move(bitmaps, mask, IR, ER);
            move(bitmaps, mask, IB, EB);
        }
    }
}
