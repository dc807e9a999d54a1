package elvis.routing;

import elvis.machine.Machine;
import elvis.sim.Simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the routing protocols of one run did, for the run report and convergence measurements: the
 * messages and bytes each protocol sent, and when a daemon last changed a router's table (the
 * convergence time of the last event is the last change after it). Kept as a kernel extension made
 * by the first daemon, so a run without routing has none.
 */
public final class RoutingStats {
    private final Simulator sim;
    private final Map<String, long[]> sent = new TreeMap<>();    // protocol -> {messages, bytes}
    private long lastChangeNs = -1, changes;
    private long[] changeAt = new long[16], changesAt = new long[16];   // per instant with changes: time, changes then (16 B, not an array each)
    private int instants;

    private RoutingStats(Simulator sim) { this.sim = sim; }

    /** The run's routing statistics, made on first use. */
    public static RoutingStats of(Simulator sim) { return sim.extension(RoutingStats.class, RoutingStats::new); }

    /** {@code protocol} ("rip", "ospf", "bgp") sent one message of {@code bytes} bytes (its own header and payload). */
    public void message(String protocol, int bytes) {
        long[] m = sent.computeIfAbsent(protocol, p -> new long[2]);
        m[0]++;
        m[1] += bytes;
    }

    /** A daemon changed {@code machine}'s routing table now. */
    public void tableChanged(Machine machine) {
        long now = sim.now();
        changes++;
        lastChangeNs = now;
        if (instants > 0 && changeAt[instants - 1] == now) changesAt[instants - 1]++;
        else {
            if (instants == changeAt.length) {
                changeAt = Arrays.copyOf(changeAt, instants * 2);
                changesAt = Arrays.copyOf(changesAt, instants * 2);
            }
            changeAt[instants] = now;
            changesAt[instants++] = 1;
        }
    }

    /** When a table last changed, or -1 when none has. */
    public long lastChangeNs() { return lastChangeNs; }

    /** How many table changes the daemons made. */
    public long changes() { return changes; }

    /** The table changes over time: {time ns, changes at that instant}, in time order. */
    public List<long[]> changeTimes() {
        List<long[]> l = new ArrayList<>(instants);
        for (int i = 0; i < instants; i++) l.add(new long[] {changeAt[i], changesAt[i]});
        return l;
    }

    /** The protocols that sent messages, in name order. */
    public List<String> protocols() { return List.copyOf(sent.keySet()); }

    public long messages(String protocol) { long[] m = sent.get(protocol); return m == null ? 0 : m[0]; }

    public long bytes(String protocol) { long[] m = sent.get(protocol); return m == null ? 0 : m[1]; }
}
