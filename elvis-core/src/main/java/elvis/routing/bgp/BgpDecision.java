package elvis.routing.bgp;

import java.util.List;

/**
 * The decision process's choice among the routes to one prefix (RFC 4271 §9.1.2.2): the index of
 * the one to put in the Loc-RIB. The speaker runs it only over routes whose NEXT_HOP resolves
 * (§9.1.2.1) and that the import policy accepted. A choice rather than a comparator, because the
 * MED step compares only routes from the same neighbouring AS and so is not a total order.
 * {@link #STANDARD} is the RFC's ({@link Decision}); a speaker can be given another.
 */
@FunctionalInterface
public interface BgpDecision {
    /** The index in {@code candidates} of the best route; -1 when there is none. */
    int best(List<BgpRoute> candidates);

    BgpDecision STANDARD = Decision::best;

    /** The default LOCAL_PREF a speaker gives routes that carry none (a common configured value). */
    long DEFAULT_LOCAL_PREF = 100;

    static long localPref(PathAttributes a) { return a.localPref() >= 0 ? a.localPref() : DEFAULT_LOCAL_PREF; }
}
