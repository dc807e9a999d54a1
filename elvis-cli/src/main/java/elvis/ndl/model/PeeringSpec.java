package elvis.ndl.model;

import elvis.ndl.Pos;

/**
 * A {@code [Peering]}: a BGP session between border routers {@code a} and {@code b} of two ASes, over a
 * point-to-point link of its own or over a shared network (an exchange point).
 *
 * @param a            group index of one end (a single router)
 * @param b            group index of the other end
 * @param relationship what {@code b} is to {@code a}: {@code customer}, {@code peer} or {@code provider}
 * @param network      index into {@link NdlSimulation#networks()} of the network the session runs over
 * @param asA          index into {@link NdlSimulation#ases()} of a's AS
 * @param asB          index of b's AS
 */
public record PeeringSpec(int a, int b, String relationship, int network, int asA, int asB, Pos pos) {
    public static final java.util.List<String> RELATIONSHIPS = java.util.List.of("customer", "peer", "provider");
}
