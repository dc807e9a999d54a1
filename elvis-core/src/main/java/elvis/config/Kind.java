package elvis.config;

/**
 * How an attribute's text is written and checked, and the unit its value carries. The Java type of
 * the value is fixed by the factory in {@link Attribute} that declares it.
 */
public enum Kind {
    /** Any text. */
    STRING("text"),
    /** A whole decimal number in the attribute's range. */
    INT("whole number"),
    /** 0..65535, decimal or 0x hex. */
    PORT("port"),
    /** A dotted-quad address. */
    IPV4("IPv4 address"),
    /** A machine (group or instance name) or an IPv4 address, resolved by the description language. */
    DESTINATION("machine or address"),
    /** A duration with unit, in nanoseconds. */
    DURATION("duration"),
    /** A size, plain bytes or with unit, in bytes. */
    SIZE("size"),
    /** A bit rate with unit, or a plain number of bit/s. */
    BANDWIDTH("bandwidth"),
    /** A percentage or a fraction, 0..1. */
    PROBABILITY("probability"),
    /** 'true' or 'false'. */
    BOOLEAN("boolean"),
    /** One of the attribute's choices, case-insensitive, kept in lower case. */
    CHOICE("choice"),
    /** A queue limit: a plain number of packets, or bytes with a size unit. */
    QUEUE_LIMIT("queue limit");

    private final String label;

    Kind(String label) { this.label = label; }

    /** What the documentation calls a value of this kind. */
    public String label() { return label; }
}
