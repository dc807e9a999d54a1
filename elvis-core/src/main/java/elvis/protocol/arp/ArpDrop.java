package elvis.protocol.arp;

import elvis.machine.DropCause;

/** What neighbour resolution discards. */
public enum ArpDrop implements DropCause {
    MALFORMED("malformed header"),
    ARP_UNRESOLVED("neighbour unresolved");

    private final String description;

    ArpDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
