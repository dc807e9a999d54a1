package elvis.protocol.icmp;

import elvis.machine.DropCause;

/** What ICMP discards, and the errors it chose not to send. */
public enum IcmpDrop implements DropCause {
    MALFORMED("malformed ICMP message"),
    ICMP_CHECKSUM("bad ICMP checksum"),
    ICMP_UNKNOWN_TYPE("ICMP type not handled"),
    ECHO_IGNORED("echo request ignored (echo replies off, or to a broadcast)"),
    NO_ECHO_SOCKET("echo reply for no ping socket"),
    UNMATCHED_ERROR("ICMP error about no protocol here"),
    ICMP_RATE_LIMITED("ICMP error not sent: rate limit");

    private final String description;

    IcmpDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
