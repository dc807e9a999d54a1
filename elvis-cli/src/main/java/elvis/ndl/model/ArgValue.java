package elvis.ndl.model;

/** An application argument checked against its declared kind. */
public sealed interface ArgValue {

    record Text(String value) implements ArgValue {}

    /** Ports, counts, durations (ns), sizes (bytes) and bandwidths (bit/s). */
    record Number(long value) implements ArgValue {}

    record Flag(boolean value) implements ArgValue {}

    /** A probability 0..1. */
    record Fraction(double value) implements ArgValue {}

    record Address(Ipv4 address) implements ArgValue {}

    /**
     * A machine named as destination.
     *
     * @param group    index into {@link NdlSimulation#machines()}
     * @param instance 1-based instance number, or 0 when the whole group was named
     */
    record MachineRef(int group, long instance) implements ArgValue {}
}
