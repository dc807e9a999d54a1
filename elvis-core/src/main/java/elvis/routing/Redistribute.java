package elvis.routing;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an IGP (OSPF, RIP) takes into its advertisements from the machine's table when told to
 * {@code redistribute}: "static" routes, "bgp" routes learnt over eBGP (iBGP ones stay out, as
 * Cisco's and FRR's default: the AS's border routers each redistribute their own), "ospf" routes
 * (internal and external) and "rip" routes. An interface's subnet is always advertised by both, so
 * "connected" is no source.
 */
public final class Redistribute {
    /** The 16-bit stand-in for a 4-octet AS number (RFC 6793 AS_TRANS), in a RIP route tag. */
    public static final int AS_TRANS = 23456;

    private Redistribute() { }

    /** The sources of a comma-separated list, as NDL gives them ({@code 'bgp,static'}; empty: none). */
    public static Set<String> parse(String list) {
        Set<String> s = new java.util.TreeSet<>();
        for (String x : list.split(",")) if (!x.isBlank()) s.add(x.trim());
        return s;
    }

    /** The origins {@code sources} stand for; an unknown or unfit name is an {@link IllegalArgumentException} naming {@code allowed}. */
    public static Set<Origin> origins(Set<String> sources, Set<String> allowed) {
        Set<Origin> o = EnumSet.noneOf(Origin.class);
        for (String s : sources) {
            if (!allowed.contains(s)) throw new IllegalArgumentException("cannot redistribute '" + s + "': one of " + new java.util.TreeSet<>(allowed));
            switch (s) {
                case "static" -> o.add(Origin.STATIC);
                case "bgp" -> o.add(Origin.EBGP);
                case "ospf" -> { o.add(Origin.OSPF); o.add(Origin.OSPF_EXTERNAL); }
                default -> o.add(Origin.RIP);
            }
        }
        return o;
    }

    /** The AS a redistributed route comes from: an eBGP route's origin AS (the last of its AS path, {@link SourceAs}), else 0. */
    public static long sourceAs(Machine m, Route r) {
        if (r.origin() != Origin.EBGP) return 0;
        for (Application a : m.applications()) if (a instanceof SourceAs s) return s.sourceAs(r.prefix(), r.length());
        return 0;
    }
}
