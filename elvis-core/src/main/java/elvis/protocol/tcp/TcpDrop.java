package elvis.protocol.tcp;

import elvis.machine.DropCause;

/** What TCP discards. */
public enum TcpDrop implements DropCause {
    MALFORMED("malformed header"),
    TCP_CHECKSUM("bad TCP checksum"),
    NOT_FOR_US("to a broadcast address"),
    TCP_OUT_OF_WINDOW("TCP segment outside the receive window"),
    TCP_PAWS("TCP segment with an old timestamp (PAWS)"),
    TCP_BACKLOG("TCP SYN beyond the listen backlog"),
    NO_PORT("no socket on port"),
    ICMP_NO_CONNECTION("ICMP error about no TCP connection"),
    ICMP_OUT_OF_WINDOW("ICMP error quoting a sequence number outside SND.UNA..SND.NXT (RFC 5927)");

    private final String description;

    TcpDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
