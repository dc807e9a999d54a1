package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.List;
import java.util.Optional;

/**
 * An {@code [AS]} section: an autonomous system, the networks and machine groups it holds, its
 * intra-domain protocol and its address block.
 *
 * @param igp      {@code ospf}, {@code rip}, {@code global} or {@code static}
 * @param block    the block its networks without [IP] and the peering links it is {@code a} of were carved from
 * @param networks indices into {@link NdlSimulation#networks()}
 * @param groups   indices into {@link NdlSimulation#machines()}
 * @param border   its border routers: the groups (one router each) that end a peering
 * @param redistributeBgp whether only the border routers speak BGP and redistribute their eBGP routes into the igp
 * @param partition its {@code partition='N'} override (for its machines without their own), or null
 */
public record AsSpec(long asn, String igp, Optional<Subnet> block, List<Integer> networks, List<Integer> groups, List<Integer> border, boolean redistributeBgp, Pos pos, PartitionPin partition) {
    public static final List<String> IGPS = List.of("ospf", "rip", "global", "static");

    public AsSpec {
        networks = List.copyOf(networks);
        groups = List.copyOf(groups);
        border = List.copyOf(border);
    }
}
