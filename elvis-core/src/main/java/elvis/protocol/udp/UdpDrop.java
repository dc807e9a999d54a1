package elvis.protocol.udp;

import elvis.machine.DropCause;

/** What UDP discards. */
public enum UdpDrop implements DropCause {
    MALFORMED("malformed header"),
    TOO_BIG("larger than a UDP datagram"),
    UDP_CHECKSUM("bad UDP checksum"),
    NO_PORT("no socket on port");

    private final String description;

    UdpDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
