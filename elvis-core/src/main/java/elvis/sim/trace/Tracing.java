package elvis.sim.trace;

import elvis.sim.Simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace subscriptions of one kernel (ns-3's traced values and callbacks, by path). Subscribers
 * say which sources they want by {@link Glob}; components ask for their sources by path when they
 * are created ({@link #source}) and get null for those nobody wants. Nothing is kept per machine,
 * so an untraced run, or an untraced machine, pays nothing but that question.
 */
public final class Tracing {
    private record Subscription(Glob glob, TraceSink sink) { }

    private static final TraceSource NOBODY = new TraceSource("", TraceUnit.COUNT, null);

    private final List<Subscription> subscriptions = new ArrayList<>();
    private Map<String, TraceSource> byPath;       // sources looked up at each report (drops, events)

    private Tracing(Simulator kernel) { }     // the shape Simulator#extension creates with

    /** The kernel's tracing (created empty on first use). */
    public static Tracing of(Simulator sim) { return sim.extension(Tracing.class, Tracing::new); }

    /** Whether anyone subscribed: when not, no source exists and no path needs building. */
    public boolean active() { return !subscriptions.isEmpty(); }

    /** {@code sink} receives every source whose path matches {@code glob}, from sources created from now on. */
    public void subscribe(Glob glob, TraceSink sink) {
        subscriptions.add(new Subscription(glob, sink));
        byPath = null;
    }

    /** The source at {@code path}, or null when no subscriber wants it. */
    public TraceSource source(String path, TraceUnit unit) {
        List<TraceSink> sinks = new ArrayList<>(1);
        for (Subscription s : subscriptions) if (s.glob.matches(path) && !sinks.contains(s.sink)) sinks.add(s.sink);
        if (sinks.isEmpty()) return null;
        TraceSink sink = sinks.getFirst();
        for (int i = 1; i < sinks.size(); i++) sink = both(sink, sinks.get(i));
        return new TraceSource(path, unit, sink);
    }

    /** {@link #source}, remembered: for reports that name their source each time (a machine's drops). */
    public TraceSource cached(String path, TraceUnit unit) {
        if (byPath == null) byPath = new HashMap<>();
        TraceSource s = byPath.get(path);
        if (s == null) {
            s = source(path, unit);
            byPath.put(path, s == null ? NOBODY : s);
        }
        return s == NOBODY ? null : s;
    }

    private static TraceSink both(TraceSink a, TraceSink b) {
        return new TraceSink() {
            @Override public void value(long t, TraceSource s, long v) { a.value(t, s, v); b.value(t, s, v); }
            @Override public void text(long t, TraceSource s, String v) { a.text(t, s, v); b.text(t, s, v); }
        };
    }
}
