package elvis.dummynet;

/**
 * A declared scheduler ({@code sched N config type qfq mask src-ip 0xffffff00}); pipe N and sched N
 * are one object in dummynet, the pipe giving the link, the sched the algorithm and the sched mask:
 * one scheduler+link instance per masked value.
 *
 * @param id      "1".."65534" or a name (the pipe's)
 * @param type    the algorithm; null until chosen, then dummynet's default applies (see {@link Dummynet})
 * @param mask    the sched mask
 * @param buckets hash table size of its instances
 */
public record SchedConfig(String id, Scheduler.Type type, FlowMask mask, int buckets) {
    public SchedConfig {
        Dummynet.checkId(id);
        if (mask == null) mask = FlowMask.NONE;
        if (buckets < 1 || buckets > QueueConfig.MAX_BUCKETS) throw new IllegalArgumentException("buckets must be 1.." + QueueConfig.MAX_BUCKETS + ": " + buckets);
    }

    public static SchedConfig defaults(String id) { return new SchedConfig(id, null, FlowMask.NONE, QueueConfig.DEFAULT_BUCKETS); }

    public SchedConfig withType(Scheduler.Type t) { return new SchedConfig(id, t, mask, buckets); }
    public SchedConfig withMask(FlowMask m) { return new SchedConfig(id, type, m, buckets); }
    public SchedConfig withBuckets(int n) { return new SchedConfig(id, type, mask, n); }
}
