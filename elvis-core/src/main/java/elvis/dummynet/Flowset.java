package elvis.dummynet;

/**
 * A declared queue (or a pipe's own queue) as the engine runs it: the handle a rule's {@code pipe N}
 * or {@code queue N} action resolves once ({@link Dummynet#pipe}, {@link Dummynet#queue}) and
 * passes to {@link Dummynet#divert}. It holds its flow queues, one per (scheduler instance, masked
 * flow), in a hash table of {@code buckets} heads that doubles when it holds more than 1 per bucket (buckets
 * sizes only the table: dummynet's chains would grow, ours stay short).
 */
public final class Flowset {
    private final String kind;               // "pipe" or "queue"
    private final QueueConfig config;
    final SchedNode node;
    final FlowMask mask;                      // its own, or the scheduler's implied one
    final Counters retired = new Counters();  // counters of expired instances
    private FlowQueue[] table;
    private int size;

    Flowset(String kind, QueueConfig config, SchedNode node) {
        this.kind = kind;
        this.config = config;
        this.node = node;
        FlowMask implied = node.type.impliedMask();
        this.mask = config.mask().isNone() && implied != null ? implied : config.mask();
        this.table = new FlowQueue[Integer.highestOneBit(config.buckets() * 2 - 1)];
    }

    public String kind() { return kind; }
    public QueueConfig config() { return config; }
    /** Flow queue instances now. */
    public int instances() { return size; }

    /** The sum over live and expired instances. */
    public Counters totals() {
        Counters c = new Counters();
        c.add(retired);
        for (FlowQueue head : table) for (FlowQueue q = head; q != null; q = q.hashNext) c.add(q.counters);
        return c;
    }

    /** Live flow queues, in table order (for reports). */
    java.util.List<FlowQueue> queues() {
        java.util.List<FlowQueue> list = new java.util.ArrayList<>();
        for (FlowQueue head : table) for (FlowQueue q = head; q != null; q = q.hashNext) list.add(q);
        list.sort(java.util.Comparator.<FlowQueue>comparingLong(q -> q.flowHigh).thenComparingLong(q -> q.flowLow));
        return list;
    }

    /** The queue of (instance, masked flow), made on first packet. */
    FlowQueue queue(SchedInstance si, long high, long low) {
        int slot = SchedNode.hash(high, low, si.hashCode32) & (table.length - 1);
        for (FlowQueue q = table[slot]; q != null; q = q.hashNext) if (q.flowHigh == high && q.flowLow == low && q.instance() == si) return q;
        FlowQueue q = new FlowQueue(this, si, high, low);
        q.hashNext = table[slot];
        table[slot] = q;
        if (++size > table.length) grow();
        si.queueCreated(q);
        return q;
    }

    void remove(FlowQueue q) {
        int slot = SchedNode.hash(q.flowHigh, q.flowLow, q.instance().hashCode32) & (table.length - 1);
        FlowQueue prev = null;
        for (FlowQueue x = table[slot]; x != null; prev = x, x = x.hashNext) {
            if (x != q) continue;
            if (prev == null) table[slot] = x.hashNext;
            else prev.hashNext = x.hashNext;
            size--;
            q.counters.retire();
            retired.add(q.counters);
            return;
        }
    }

    private void grow() {
        FlowQueue[] old = table;
        table = new FlowQueue[old.length * 2];
        for (FlowQueue head : old) {
            for (FlowQueue q = head, next; q != null; q = next) {
                next = q.hashNext;
                int slot = SchedNode.hash(q.flowHigh, q.flowLow, q.instance().hashCode32) & (table.length - 1);
                q.hashNext = table[slot];
                table[slot] = q;
            }
        }
    }
}
