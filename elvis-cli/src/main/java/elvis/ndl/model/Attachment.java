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
 */
public record Attachment(int network, String networkId, Optional<Ipv4> claimed, Pos pos, Optional<LinkConfig> port, boolean dhcp) {}
