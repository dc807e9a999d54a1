package elvis.config;

/**
 * How an attribute's text is written and checked, and the unit its value carries. The Java type of
 * the value is fixed by the factory in {@link Attribute} that declares it.
 */
public enum Kind {
    /** Any text. */
    STRING,
    /** A whole decimal number in the attribute's range. */
    INT,
    /** 0..65535, decimal or 0x hex. */
    PORT,
    /** A dotted-quad address. */
    IPV4,
    /** A machine (group or instance name) or an IPv4 address, resolved by the description language. */
    DESTINATION,
    /** A duration with unit, in nanoseconds. */
    DURATION,
    /** A size, plain bytes or with unit, in bytes. */
    SIZE,
    /** A bit rate with unit, or a plain number of bit/s. */
    BANDWIDTH,
    /** A percentage or a fraction, 0..1. */
    PROBABILITY,
    /** 'true' or 'false'. */
    BOOLEAN,
    /** One of the attribute's choices, case-insensitive, kept in lower case. */
    CHOICE,
    /** A queue limit: a plain number of packets, or bytes with a size unit. */
    QUEUE_LIMIT,
    /** Time intervals {@code FROM-TO} separated by commas, in time order; the last may be {@code FROM} alone. */
    INTERVALS
}
