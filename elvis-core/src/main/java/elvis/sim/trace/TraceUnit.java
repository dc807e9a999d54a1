package elvis.sim.trace;

/** What a trace source's values are: a count in a unit, or a word (a drop cause). */
public enum TraceUnit {
    BYTES("bytes"),
    PACKETS("packets"),
    NANOSECONDS("ns"),
    /** A plain count (an application's event value). */
    COUNT("count"),
    /** A word, e.g. a drop cause: written quoted in JSON. */
    TEXT("text");

    private final String label;

    TraceUnit(String label) { this.label = label; }

    /** The name docs and listings use. */
    public String label() { return label; }
}
