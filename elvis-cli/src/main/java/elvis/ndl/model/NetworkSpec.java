package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.List;

/**
 * A {@code [Network]}.
 *
 * @param subnet the subnet addresses overflow into once the pool is used up (see docs/ndl.md, address plan)
 * @param onLink pool addresses outside {@code subnet}, as prefixes: every machine on the network
 *               reaches them on the link, through routes (the network is one L2 segment)
 * @param tap    the TAP device the network is bridged to, or null when it is not
 */
public record NetworkSpec(String id, LinkSpec link, List<PoolEntry> pool, Subnet subnet, List<Subnet> onLink, TapSpec tap, Pos pos) {

    public NetworkSpec {
        pool = List.copyOf(pool);
        onLink = List.copyOf(onLink);
    }

    /** The prefix length of a machine's interface with address {@code a}: the subnet's, or a host's outside it. */
    public int prefixFor(Ipv4 a) {
        return subnet.contains(a) ? subnet.prefix() : 32;
    }
}
