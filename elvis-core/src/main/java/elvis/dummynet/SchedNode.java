package elvis.dummynet;

/**
 * Pipe N and sched N as the engine runs them: the link parameters, the scheduler type and the
 * sched mask, and the scheduler+link instances, one per masked value, made on the first packet and
 * hashed like {@link Flowset}'s queues.
 */
final class SchedNode {
    final Dummynet engine;
    final PipeConfig pipe;
    final SchedConfig sched;
    final Scheduler.Type type;
    final long tickNs;
    private SchedInstance[] table;
    private int size;
    long instancesMade;

    SchedNode(Dummynet engine, PipeConfig pipe, SchedConfig sched, Scheduler.Type type, long tickNs) {
        this.engine = engine;
        this.pipe = pipe;
        this.sched = sched;
        this.type = type;
        this.tickNs = tickNs;
        this.table = new SchedInstance[Integer.highestOneBit(sched.buckets() * 2 - 1)];
    }

    int instances() { return size; }

    static int hash(long high, long low, int salt) {
        long h = (high * 0x9E3779B97F4A7C15L) ^ (low + salt) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    SchedInstance instance(long high, long low) {
        int slot = hash(high, low, 0) & (table.length - 1);
        for (SchedInstance si = table[slot]; si != null; si = si.hashNext) if (si.flowHigh == high && si.flowLow == low) return si;
        SchedInstance si = new SchedInstance(this, high, low, (int) instancesMade++);
        si.hashNext = table[slot];
        table[slot] = si;
        if (++size > table.length) grow();
        return si;
    }

    void remove(SchedInstance si) {
        int slot = hash(si.flowHigh, si.flowLow, 0) & (table.length - 1);
        SchedInstance prev = null;
        for (SchedInstance x = table[slot]; x != null; prev = x, x = x.hashNext) {
            if (x != si) continue;
            if (prev == null) table[slot] = x.hashNext;
            else prev.hashNext = x.hashNext;
            size--;
            return;
        }
    }

    java.util.List<SchedInstance> list() {
        java.util.List<SchedInstance> list = new java.util.ArrayList<>();
        for (SchedInstance head : table) for (SchedInstance s = head; s != null; s = s.hashNext) list.add(s);
        list.sort(java.util.Comparator.<SchedInstance>comparingLong(s -> s.flowHigh).thenComparingLong(s -> s.flowLow));
        return list;
    }

    private void grow() {
        SchedInstance[] old = table;
        table = new SchedInstance[old.length * 2];
        for (SchedInstance head : old) {
            for (SchedInstance s = head, next; s != null; s = next) {
                next = s.hashNext;
                int slot = hash(s.flowHigh, s.flowLow, 0) & (table.length - 1);
                s.hashNext = table[slot];
                table[slot] = s;
            }
        }
    }
}
