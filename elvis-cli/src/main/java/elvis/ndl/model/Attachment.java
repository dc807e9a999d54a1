package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Optional;

/**
 * A machine's place on a network.
 *
 * @param network index into {@link NdlSimulation#networks()}
 * @param claimed the address the machine pinned with {@code ip=} or claimed through an application's {@code ip=}
 * @param port    the link towards the machine (the network's with the entry's link attributes) and when
 *                the interface is down; empty when the entry sets none
 */
public record Attachment(int network, String networkId, Optional<Ipv4> claimed, Pos pos, Optional<LinkSpec> port) {}
