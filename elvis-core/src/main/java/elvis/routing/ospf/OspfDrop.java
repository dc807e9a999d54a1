package elvis.routing.ospf;

import elvis.machine.DropCause;

/** What an OSPF router discards, counted on its machine. */
public enum OspfDrop implements DropCause {
    OSPF_MALFORMED("malformed OSPF packet (length, version, type, checksum or body)"),
    OSPF_REJECTED("OSPF packet not accepted on its interface (area, authentication, own router id, source off the subnet, or Hello parameters)"),
    OSPF_NO_NEIGHBOR("OSPF packet from a neighbour not in a state to send it"),
    OSPF_BAD_LSA("LSA not accepted (unknown type, bad sequence number or checksum)");

    private final String description;

    OspfDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
