package elvis.machine;

import elvis.sim.trace.TraceSource;
import elvis.sim.trace.TraceUnit;
import elvis.sim.trace.Tracing;

import java.util.Locale;

/** Why a machine discarded a packet. Each cause is counted per machine; none throws. */
public enum Drop {
    FCS("bad Ethernet FCS"),
    MALFORMED("malformed header"),
    NOT_FOR_US("addressed to another host"),
    UNKNOWN_ETHERTYPE("unknown EtherType"),
    IP_CHECKSUM("bad IPv4 header checksum"),
    FRAGMENT("IPv4 fragment (reassembly not supported)"),
    TTL_EXCEEDED("TTL exceeded"),
    NO_ROUTE("no route"),
    TOO_BIG("larger than the MTU"),
    UNKNOWN_PROTOCOL("unknown IP protocol"),
    UDP_CHECKSUM("bad UDP checksum"),
    TCP_CHECKSUM("bad TCP checksum"),
    TCP_OUT_OF_WINDOW("TCP segment outside the receive window"),
    TCP_PAWS("TCP segment with an old timestamp (PAWS)"),
    TCP_BACKLOG("TCP SYN beyond the listen backlog"),
    NO_PORT("no socket on port"),
    SOCKET_BUFFER("socket receive buffer full"),
    ARP_UNRESOLVED("neighbour unresolved");

    private final String description;

    Drop(String description) { this.description = description; }

    public String description() { return description; }

    /** The name results and traces use, e.g. "no_port". */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** Reports this drop on {@code machine}'s trace source {@code <machine>/drop}, if someone traces it. */
    void trace(Tracing tracing, Machine machine) {
        TraceSource s = tracing.cached(machine.name() + "/drop", TraceUnit.TEXT);
        if (s != null) s.text(machine.sim().now(), label());
    }
}
