package elvis.dummynet;

/**
 * A declared queue (dummynet's flowset: {@code queue N config pipe P weight W mask ...}), or the
 * implicit queue of a pipe ({@code pipe N config queue 50 plr 0.1 ...}): the parameters of the
 * flow queues it makes, one per value of its {@code mask} within each scheduler instance.
 *
 * @param id          "1".."65534" or a name
 * @param sched       the scheduler (pipe) it feeds: {@code pipe P} / {@code sched P}
 * @param slots       limit in packets (dummynet's default 50), 0 when limited in bytes
 * @param bytes       limit in bytes ({@code queue 100KBytes}), 0 when limited in packets
 * @param plr         probability of dropping a packet on entry, before it queues (costs no link time)
 * @param buckets     hash table size for its instances (dummynet's default 64; rounded up to a power of two)
 * @param mask        flow mask: one queue per masked flow id
 * @param weight      share of the scheduler, 1..100 (dummynet's range)
 * @param priority    level for the PRIO scheduler, 0 (first) .. 31
 * @param noerror     a drop is not reported to the sender (ipfw's {@code noerror})
 * @param aqm         active queue management of each queue (drop-tail by default)
 */
public record QueueConfig(String id, String sched, int slots, long bytes, double plr, int buckets, FlowMask mask,
                          int weight, int priority, boolean noerror, Aqm aqm) {
    public static final int DEFAULT_SLOTS = 50, DEFAULT_BUCKETS = 64, MAX_BUCKETS = 65536, MAX_WEIGHT = 100;

    public QueueConfig {
        Dummynet.checkId(id);
        if (slots < 0 || (slots == 0) == (bytes == 0)) throw new IllegalArgumentException("a queue is limited either in slots or in bytes, and the limit is positive");
        if (bytes < 0) throw new IllegalArgumentException("queue bytes must be > 0: " + bytes);
        if (!(plr >= 0 && plr <= 1)) throw new IllegalArgumentException("plr must be a probability in [0, 1]: " + plr);
        if (buckets < 1 || buckets > MAX_BUCKETS) throw new IllegalArgumentException("buckets must be 1.." + MAX_BUCKETS + ": " + buckets);
        if (weight < 1 || weight > MAX_WEIGHT) throw new IllegalArgumentException("weight must be 1.." + MAX_WEIGHT + ": " + weight);
        if (priority < 0 || priority >= PrioScheduler.LEVELS) throw new IllegalArgumentException("priority must be 0.." + (PrioScheduler.LEVELS - 1) + ": " + priority);
        if (mask == null) mask = FlowMask.NONE;
        if (aqm == null) aqm = Aqm.DROP_TAIL;
    }

    /** dummynet's defaults: 50 slots, plr 0, 64 buckets, no mask, weight 1, drop-tail. */
    public static QueueConfig defaults(String id, String sched) {
        return new QueueConfig(id, sched, DEFAULT_SLOTS, 0, 0, DEFAULT_BUCKETS, FlowMask.NONE, 1, 0, false, Aqm.DROP_TAIL);
    }

    public QueueConfig withSlots(int n) { return new QueueConfig(id, sched, n, 0, plr, buckets, mask, weight, priority, noerror, aqm); }
    public QueueConfig withBytes(long n) { return new QueueConfig(id, sched, 0, n, plr, buckets, mask, weight, priority, noerror, aqm); }
    public QueueConfig withPlr(double p) { return new QueueConfig(id, sched, slots, bytes, p, buckets, mask, weight, priority, noerror, aqm); }
    public QueueConfig withBuckets(int n) { return new QueueConfig(id, sched, slots, bytes, plr, n, mask, weight, priority, noerror, aqm); }
    public QueueConfig withMask(FlowMask m) { return new QueueConfig(id, sched, slots, bytes, plr, buckets, m, weight, priority, noerror, aqm); }
    public QueueConfig withWeight(int w) { return new QueueConfig(id, sched, slots, bytes, plr, buckets, mask, w, priority, noerror, aqm); }
    public QueueConfig withPriority(int p) { return new QueueConfig(id, sched, slots, bytes, plr, buckets, mask, weight, p, noerror, aqm); }
    public QueueConfig withNoerror(boolean b) { return new QueueConfig(id, sched, slots, bytes, plr, buckets, mask, weight, priority, b, aqm); }
    public QueueConfig withAqm(Aqm a) { return new QueueConfig(id, sched, slots, bytes, plr, buckets, mask, weight, priority, noerror, a); }
    public QueueConfig withSched(String s) { return new QueueConfig(id, s, slots, bytes, plr, buckets, mask, weight, priority, noerror, aqm); }
}
