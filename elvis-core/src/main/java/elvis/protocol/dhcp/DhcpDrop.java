package elvis.protocol.dhcp;

import elvis.machine.DropCause;

/** What the DHCP client, server and relay discard, counted on their machine. */
public enum DhcpDrop implements DropCause {
    DHCP_MALFORMED("malformed DHCP message"),
    DHCP_NOT_EXPECTED("DHCP message not for a pending exchange (xid, chaddr, type or state)"),
    DHCP_NO_POOL("DHCP request from a subnet without a pool"),
    DHCP_HOPS("DHCP request relayed too many times");

    private final String description;

    DhcpDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
