package elvis.sim.trace;

/**
 * One traced quantity of one component, named by a stable path such as
 * {@code client/tcp/10.0.0.1:49152-10.0.0.2:80/cwnd}. It exists only while a subscriber wants it:
 * {@link Tracing#source} returns null otherwise, so a component pays one null check per change.
 */
public final class TraceSource {
    private final String path;
    private final TraceUnit unit;
    private final TraceSink sink;

    TraceSource(String path, TraceUnit unit, TraceSink sink) {
        this.path = path;
        this.unit = unit;
        this.sink = sink;
    }

    public String path() { return path; }
    public TraceUnit unit() { return unit; }

    /** The source has value {@code value} from {@code timeNs} on. */
    public void value(long timeNs, long value) { sink.value(timeNs, this, value); }

    /** The source reports word {@code value} (a {@link TraceUnit#TEXT} source) at {@code timeNs}. */
    public void text(long timeNs, String value) { sink.text(timeNs, this, value); }

    @Override
    public String toString() { return path + " (" + unit.label() + ")"; }
}
