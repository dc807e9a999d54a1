package elvis.routing.ospf;

import elvis.sim.Timer;

import java.util.ArrayDeque;
import java.util.TreeMap;

/** What a router knows of one neighbour on one interface (RFC 2328 §10): its state, database exchange and lists. */
final class OspfNeighbor {
    static final int DOWN = 0, INIT = 2, TWO_WAY = 3, EX_START = 4, EXCHANGE = 5, LOADING = 6, FULL = 7;
    static final String[] STATE_NAMES = {"Down", "Attempt", "Init", "2-Way", "ExStart", "Exchange", "Loading", "Full"};

    final OspfInterface iface;
    final int address;
    int routerId, priority, dr, bdr, state = DOWN;
    Timer inactivity, ddRetransmit, requestRetransmit, updateRetransmit;
    boolean master;
    int ddSequence;
    /** Our LSA headers still to describe in DD packets. */
    final ArrayDeque<Lsa> summary = new ArrayDeque<>();
    /** LSAs to request from it (their headers), and LSAs flooded to it and not yet acknowledged. */
    final TreeMap<LsaKey, Lsa> requests = new TreeMap<>(), retransmit = new TreeMap<>();
    OspfPacket lastSentDd;
    /** The last DD accepted from it: flags, options and sequence number, for duplicate detection (§10.6). */
    int lastFlags = -1, lastOptions, lastSequence;

    OspfNeighbor(OspfInterface iface, int address) {
        this.iface = iface;
        this.address = address;
    }

    /** Forgets the exchange and lists, stopping their timers (on going back to ExStart, 2-Way or Down). */
    void clearLists() {
        summary.clear();
        requests.clear();
        retransmit.clear();
        lastSentDd = null;
        lastFlags = -1;
        if (ddRetransmit != null) ddRetransmit.cancel();
        if (requestRetransmit != null) requestRetransmit.cancel();
        if (updateRetransmit != null) updateRetransmit.cancel();
    }

    boolean declaresDr() { return dr == address; }

    boolean declaresBdr() { return bdr == address; }

    @Override
    public String toString() { return elvis.protocol.ipv4.Ipv4Address.format(routerId) + " " + STATE_NAMES[state]; }
}
