package elvis.ndl.model;

import elvis.ndl.Pos;
import elvis.link.LinkConfig;

import java.util.Optional;

/**
 * A machine's place on a network.
 *
 * @param network index into {@link NdlSimulation#networks()}
 * @param claimed the address the machine pinned with {@code ip=} or claimed through an application's {@code ip=}
 * @param port    the link towards the machine: the network's with the entry's link attributes
 *                ({@link LinkConfig#PORT}), its {@code down} times the interface's; empty when the entry sets none
 * @param dhcp    the interface gets its address from a DHCP server ({@code dhcp='true'}), not from the plan
 * @param perLink the network was written with {@code count}: instance {@code i} is on its {@code i}-th link, the network
 *                {@code network + i - 1} ({@code networkId} is then the first link's)
 */
public record Attachment(int network, String networkId, Optional<Ipv4> claimed, Pos pos, Optional<LinkConfig> port, boolean dhcp,
                         boolean perLink) {

    /** The network instance {@code instance} (1-based) of the group is on. */
    public int network(long instance) { return perLink ? network + (int) (instance - 1) : network; }
}
