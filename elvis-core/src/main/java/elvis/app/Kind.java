package elvis.app;

/** How an application argument's text is checked, and what value it becomes. */
public enum Kind {
    /** Any text → {@code Text}. */
    STRING,
    /** A whole number ≥ 0 → {@code Number}. */
    INT,
    /** 0..65535, decimal or 0x hex → {@code Number}. */
    PORT,
    /** A dotted-quad address → {@code Address}. */
    IPV4,
    /** A machine (group or instance name) or an IPv4 address → {@code MachineRef} or {@code Address}. */
    DESTINATION,
    /** A duration with unit → {@code Number} of nanoseconds. */
    DURATION,
    /** A size, plain bytes or with unit → {@code Number} of bytes. */
    SIZE,
    /** 'true' or 'false' → {@code Flag}. */
    BOOLEAN,
    /** One of {@link Param#choices()}, case-insensitive → {@code Text} in lower case. */
    CHOICE
}
