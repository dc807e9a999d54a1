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
 * messages and bytes each protocol sent, when a daemon changed a router's table, and the events (links
 * or machines down or up, routes announced or withdrawn) whose convergence is measured: an event's
 * convergence time is from it to the last table change before the next later event. Kept as a kernel
 * extension made by the first daemon or event, so a run without routing has none.
 */
public final class RoutingStats {
    private final Simulator sim;
    private final Map<String, long[]> sent = new TreeMap<>();    // protocol -> {messages, bytes}
    private long lastChangeNs = -1, changes;
    // One entry per instant with changes, in time order; primitive arrays, since a long run has many instants.
    private long[] changeAt = new long[16];
    private int[] changesAt = new int[16];
    private int instants;
    private final List<String> eventWhat = new ArrayList<>();
    private long[] eventAt = new long[4];

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
        if (instants > 0 && changeAt[instants - 1] == now) {
            changesAt[instants - 1]++;
            return;
        }
        if (instants == changeAt.length) {
            changeAt = Arrays.copyOf(changeAt, instants * 2);
            changesAt = Arrays.copyOf(changesAt, instants * 2);
        }
        changeAt[instants] = now;
        changesAt[instants++] = 1;
    }

    /** An event the control plane must converge after happens now ({@code what}: "link n1 down", …). */
    public void event(String what) {
        int n = eventWhat.size();
        if (n == eventAt.length) eventAt = Arrays.copyOf(eventAt, n * 2);
        eventAt[n] = sim.now();
        eventWhat.add(what);
    }

    /** When a table last changed, or -1 when none has. */
    public long lastChangeNs() { return lastChangeNs; }

    /** How many table changes the daemons made. */
    public long changes() { return changes; }

    /** How many instants had table changes. */
    public int instants() { return instants; }

    /** The time of the {@code i}-th instant with table changes (in time order). */
    public long instantNs(int i) { return changeAt[i]; }

    /** How many table changes the {@code i}-th instant had. */
    public int changesAt(int i) { return changesAt[i]; }

    /**
     * One event's convergence: the table changes from {@code atNs} until the next later event (or the
     * end), and the last one's time, -1 when it caused none.
     */
    public record Convergence(String what, long atNs, long changes, long lastChangeNs) {
        /** From the event to its last table change, or -1 when it changed no table. */
        public long convergenceNs() { return lastChangeNs < 0 ? -1 : lastChangeNs - atNs; }
    }

    /**
     * The convergence after the start (time 0, "start") and after each event, in time order. Events of
     * one instant share the changes that follow them: each reports all of them.
     */
    public List<Convergence> convergence() { return convergence(changeAt, changesAt, instants, eventWhat, eventAt); }

    /**
     * The convergence of events {@code eventWhat} at {@code eventAt} (in time order) over the table changes
     * {@code changesAt} at instants {@code changeAt} (the first {@code instants}, in time order): one kernel's,
     * or those of a run's partitions added up.
     */
    public static List<Convergence> convergence(long[] changeAt, int[] changesAt, int instants, List<String> eventWhat, long[] eventAt) {
        List<Convergence> out = new ArrayList<>();
        out.add(window(changeAt, changesAt, instants, "start", 0, eventWhat.isEmpty() ? Long.MAX_VALUE : eventAt[0]));
        for (int e = 0; e < eventWhat.size(); e++) {
            int next = e + 1;
            while (next < eventWhat.size() && eventAt[next] == eventAt[e]) next++;
            out.add(window(changeAt, changesAt, instants, eventWhat.get(e), eventAt[e], next < eventWhat.size() ? eventAt[next] : Long.MAX_VALUE));
        }
        return out;
    }

    /** The changes in [from, until). */
    private static Convergence window(long[] changeAt, int[] changesAt, int instants, String what, long from, long until) {
        int i = Arrays.binarySearch(changeAt, 0, instants, from);
        if (i < 0) i = -i - 1;
        long n = 0, last = -1;
        for (; i < instants && changeAt[i] < until; i++) {
            n += changesAt[i];
            last = changeAt[i];
        }
        return new Convergence(what, from, n, last);
    }

    /** What the {@code i}-th event recorded was, and when. */
    public String eventWhat(int i) { return eventWhat.get(i); }

    public long eventAt(int i) { return eventAt[i]; }

    /** How many events were recorded. */
    public int events() { return eventWhat.size(); }

    /** The protocols that sent messages, in name order. */
    public List<String> protocols() { return List.copyOf(sent.keySet()); }

    public long messages(String protocol) { long[] m = sent.get(protocol); return m == null ? 0 : m[0]; }

    public long bytes(String protocol) { long[] m = sent.get(protocol); return m == null ? 0 : m[1]; }
}
