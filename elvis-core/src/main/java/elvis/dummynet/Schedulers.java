package elvis.dummynet;

import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler types by name ({@code sched N config type NAME}). FIFO and PRIO are built in; the
 * sched part registers its own (wf2q+, rr, qfq, fq_codel, fq_pie) with {@link #register} from the
 * static initialiser of {@code elvis.dummynet.sched.SchedulerTypes}, which this registry loads by
 * name so that the core package does not depend on its sub-package.
 */
public final class Schedulers {
    private static final Map<String, Scheduler.Type> TYPES = new TreeMap<>();

    static {
        register(FifoScheduler.TYPE);
        register(PrioScheduler.TYPE);
        try {
            Class.forName("elvis.dummynet.sched.SchedulerTypes");     // the sched part registers its types
        } catch (ClassNotFoundException absent) {
            // not merged yet
        }
    }

    private Schedulers() {}

    public static synchronized void register(Scheduler.Type type) { TYPES.put(type.name(), type); }

    /** The type called {@code name} (dummynet also accepts "wf2qp" for "wf2q+"), or null. */
    public static synchronized Scheduler.Type find(String name) {
        Scheduler.Type t = TYPES.get(name.toLowerCase(java.util.Locale.ROOT));
        if (t == null && name.equalsIgnoreCase("wf2qp")) t = TYPES.get("wf2q+");
        return t;
    }

    public static synchronized java.util.Set<String> names() { return java.util.Set.copyOf(TYPES.keySet()); }
}
