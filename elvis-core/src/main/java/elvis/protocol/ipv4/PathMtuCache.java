package elvis.protocol.ipv4;

import java.util.HashMap;

/**
 * The path MTUs a machine learnt from frag-needed errors (RFC 1191), per destination. A machine has
 * one only once it learnt something. An estimate only ever falls on an error; it ages out after
 * {@link Ipv4Config#pmtuAgeNs()} (RFC 1191 §6.3: 10 minutes), when the first hop's MTU is tried again.
 */
final class PathMtuCache {
    /** RFC 1191 §7's plateaus: the estimate when a router reports no next-hop MTU (an RFC 792 router). */
    private static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};
    /** The smallest MTU IPv4 allows (RFC 791): no error lowers an estimate below it. */
    static final int MIN_MTU = 68;

    private record Entry(int mtu, long expiresNs) { }

    private final HashMap<Integer, Entry> byDestination = new HashMap<>();

    /** The path MTU learnt for {@code dst} and not yet aged out at {@code now}, else {@code firstHop}. */
    int mtu(int dst, int firstHop, long now) {
        Entry e = byDestination.get(dst);
        if (e == null) return firstHop;
        if (now >= e.expiresNs) {
            byDestination.remove(dst);
            return firstHop;
        }
        return Math.min(e.mtu, firstHop);
    }

    /**
     * A datagram of {@code sentLength} bytes to {@code dst} drew frag-needed naming {@code nextHopMtu}
     * (0: not named). True when the estimate fell.
     */
    boolean learn(int dst, int nextHopMtu, int sentLength, int current, long now, long ageNs) {
        int mtu = nextHopMtu >= MIN_MTU ? nextHopMtu : nextHopMtu == 0 ? plateauBelow(sentLength) : MIN_MTU;
        if (mtu >= current) return false;               // §6.1: an error never raises the estimate
        byDestination.put(dst, new Entry(mtu, now + ageNs));
        return true;
    }

    private static int plateauBelow(int length) {
        for (int p : PLATEAUS) if (p < length) return p;
        return MIN_MTU;
    }
}
