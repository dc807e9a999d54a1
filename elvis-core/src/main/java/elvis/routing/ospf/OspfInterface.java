package elvis.routing.ospf;

import elvis.protocol.ipv4.Ipv4Interface;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** One OSPF interface (RFC 2328 §9): its type, state, DR and BDR, neighbours and pending acknowledgements. */
final class OspfInterface {
    static final int DOWN = 0, WAITING = 2, POINT_TO_POINT = 3, DR_OTHER = 4, BACKUP = 5, DR = 6;
    static final String[] STATE_NAMES = {"Down", "Loopback", "Waiting", "Point-to-point", "DROther", "Backup", "DR"};

    String stateName() { return passive && state != DOWN ? "Passive" : STATE_NAMES[state]; }

    final Ipv4Interface ip;
    final boolean pointToPoint, passive;
    final int cost, priority;
    int state = DOWN;
    /** The DR and BDR by interface address (0: none), as §9.4 identifies them. */
    int dr, bdr;
    Timer hello, waitTimer, ackTimer;
    /** Neighbours by interface address, in address order. */
    final TreeMap<Integer, OspfNeighbor> neighbors = new TreeMap<>(Integer::compareUnsigned);
    /** LSA headers to acknowledge in the next delayed LSAck (§13.5). */
    final List<Lsa> delayedAcks = new ArrayList<>();

    OspfInterface(Ipv4Interface ip, boolean pointToPoint, int cost, int priority, boolean passive) {
        this.ip = ip;
        this.pointToPoint = pointToPoint;
        this.passive = passive;
        this.cost = cost;
        this.priority = priority;
    }

    int address() { return ip.address(); }

    boolean isDrOrBackup() { return state == DR || state == BACKUP; }

    /** Neighbours in state Full (for the router and network LSAs). */
    List<OspfNeighbor> full() {
        List<OspfNeighbor> l = new ArrayList<>();
        for (OspfNeighbor n : neighbors.values()) if (n.state == OspfNeighbor.FULL) l.add(n);
        return l;
    }

    @Override
    public String toString() { return ip.device().name() + " " + STATE_NAMES[state]; }
}
