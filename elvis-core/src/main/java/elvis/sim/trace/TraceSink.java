package elvis.sim.trace;

/**
 * Receives the values of the trace sources it subscribed to. A value may be reported ahead of its
 * time (a link knows when a queued frame will leave it the moment the frame is offered), never
 * behind it: {@code timeNs} is at least the kernel's now. A sink never alters the simulation.
 */
public interface TraceSink {
    void value(long timeNs, TraceSource source, long value);

    void text(long timeNs, TraceSource source, String value);
}
