package elvis.protocol.ethernet;

import elvis.machine.DropCause;

/** What Ethernet discards. */
public enum EthernetDrop implements DropCause {
    MALFORMED("malformed header"),
    NOT_FOR_US("addressed to another host"),
    UNKNOWN_ETHERTYPE("unknown EtherType");

    private final String description;

    EthernetDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
