package elvis.protocol.ipv4;

import elvis.machine.DropCause;

/** What IPv4 discards. */
public enum Ipv4Drop implements DropCause {
    MALFORMED("malformed header"),
    IP_CHECKSUM("bad IPv4 header checksum"),
    FRAGMENT("IPv4 fragment (reassembly not supported)"),
    NOT_FOR_US("addressed to another host"),
    TTL_EXCEEDED("TTL exceeded"),
    NO_ROUTE("no route"),
    TOO_BIG("larger than the MTU"),
    UNKNOWN_PROTOCOL("unknown IP protocol"),
    /** Arrived on a device that has no IPv4 interface. */
    NO_INTERFACE("no IPv4 interface on the device");

    private final String description;

    Ipv4Drop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
