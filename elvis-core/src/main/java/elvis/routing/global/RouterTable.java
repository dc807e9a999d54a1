package elvis.routing.global;

import elvis.protocol.ipv4.Route;

import java.util.Arrays;

/**
 * One router's global routes, compactly: for each prefix of the shared {@link PrefixIndex}, the
 * number of a next-hop group (0: no route), and the groups themselves, each the equal-cost routes
 * of one set of next hops. Most routers send most prefixes one way (a stub's uplink), so the table
 * keeps that commonest group once and lists only the exceptions when that is smaller than a full
 * array of two bytes per prefix. Immutable.
 */
final class RouterTable {
    final Route[][] groups;            // by group number; groups[0] is null
    private final char[] dense;        // by prefix id, or null when sparse
    private final int[] ids;           // sparse: the prefixes whose group is not the commonest, ascending
    private final char[] exceptions;   // ... and their groups
    private final char common;

    RouterTable(Route[][] groups, char[] byPrefix) {
        this.groups = groups;
        int[] count = new int[groups.length];
        for (char c : byPrefix) count[c]++;
        int best = 0;
        for (int g = 1; g < count.length; g++) if (count[g] > count[best]) best = g;
        int others = byPrefix.length - count[best];
        if ((long) others * 6 < (long) byPrefix.length * 2) {
            common = (char) best;
            ids = new int[others];
            exceptions = new char[others];
            for (int p = 0, k = 0; p < byPrefix.length; p++) {
                if (byPrefix[p] == best) continue;
                ids[k] = p;
                exceptions[k++] = byPrefix[p];
            }
            dense = null;
        } else {
            common = 0;
            ids = null;
            exceptions = null;
            dense = byPrefix;
        }
    }

    /** The group of prefix {@code id}; 0 when the router has no route to it. */
    int group(int id) {
        if (dense != null) return dense[id];
        int at = Arrays.binarySearch(ids, id);
        return at >= 0 ? exceptions[at] : common;
    }

    /** True when both send every one of {@code prefixes} prefixes through the same routes. */
    boolean sameRoutes(RouterTable other, int prefixes) {
        for (int p = 0; p < prefixes; p++) {
            int a = group(p), b = other.group(p);
            if ((a == 0) != (b == 0)) return false;
            if (a != 0 && !Arrays.equals(groups[a], other.groups[b])) return false;
        }
        return true;
    }
}
