package elvis.ndl.model;

import elvis.ndl.Pos;

/**
 * A static route: packets for {@code destination} go to the gateway {@code via}; {@code pos} is where
 * the gateway is written, which errors about the route point at.
 */
public record RouteSpec(Subnet destination, Ipv4 via, Pos pos) {}
