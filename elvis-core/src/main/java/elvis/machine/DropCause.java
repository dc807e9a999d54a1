package elvis.machine;

/**
 * Why a machine discarded a packet. Each protocol declares its own causes (an enum implementing
 * this) and counts them on its machine with {@link Machine#drop}; results sum them by
 * {@link #name()} over every protocol, so two protocols' {@code MALFORMED} are reported together.
 */
public interface DropCause {
    /** The cause's name, upper case (an enum constant's); reported lower case, e.g. "no_route". */
    String name();

    /** One line for people, e.g. "bad IPv4 header checksum". */
    String description();

    /** The name results and traces use, e.g. "no_port". */
    default String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
