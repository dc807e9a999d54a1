package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.sim.trace.TraceSource;
import elvis.sim.trace.TraceUnit;
import elvis.sim.trace.Tracing;

/**
 * Application events as trace sources: {@code <machine>/app/<application>/<event>}, e.g.
 * {@code server/app/tcp_sink/finished}, with a number the application documents. Costs an
 * untraced run one check per event.
 */
public final class AppEvents {
    private AppEvents() { }

    /** {@code app} on {@code machine} reports {@code event} with {@code value} (in {@code unit}) now. */
    public static void emit(Machine machine, Application app, String event, long value, TraceUnit unit) {
        Tracing t = Tracing.of(machine.sim());
        if (!t.active()) return;
        TraceSource s = t.cached(path(machine.name(), app.name(), event), unit);
        if (s != null) s.value(machine.sim().now(), value);
    }

    /** The path of an application event's source. */
    public static String path(String machine, String application, String event) {
        return machine + "/app/" + application + "/" + event;
    }
}
