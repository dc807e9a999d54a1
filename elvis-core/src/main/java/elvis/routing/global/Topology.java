package elvis.routing.global;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.routing.LinkLayers;
import elvis.protocol.ipv4.Ipv4Interface;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The graph global routing runs over, as OSPF sees it: routers and networks are nodes (a LAN is one
 * node however many machines it has); a router's interface with an address is an edge to its
 * network, and the network an edge back to it. Networks joined by a bridge are one node. Made once,
 * at build time, with every interface; whether an interface is up is read at each computation, so a
 * link event needs no new graph. Edges are in compressed arrays (no object per edge).
 */
final class Topology {
    final Machine[] routers;
    final int networks;
    // Router r's interfaces: edges rOff[r] .. rOff[r+1]-1, to network rNet[e] through rIface[e].
    final int[] rOff, rNet;
    final Ipv4Interface[] rIface;
    // Network n's routers: edges nOff[n] .. nOff[n+1]-1, router nRouter[f] by its interface nIface[f].
    final int[] nOff, nRouter;
    final Ipv4Interface[] nIface;
    // The networks each prefix is on: pOff[p] .. pOff[p+1]-1 into pNet.
    final int[] pOff, pNet;
    final PrefixIndex prefixes;
    // Hosts (IPv4 machines that do not forward); host h's interfaces with an address: hOff[h] .. hOff[h+1]-1,
    // hIface[e] on network hNet[e].
    final Machine[] hosts;
    final int[] hOff, hNet;
    final Ipv4Interface[] hIface;

    private Topology(Machine[] routers, int networks, int[] rOff, int[] rNet, Ipv4Interface[] rIface, int[] nOff, int[] nRouter,
                     Ipv4Interface[] nIface, int[] pOff, int[] pNet, PrefixIndex prefixes, Machine[] hosts, int[] hOff, int[] hNet,
                     Ipv4Interface[] hIface) {
        this.routers = routers;
        this.networks = networks;
        this.rOff = rOff;
        this.rNet = rNet;
        this.rIface = rIface;
        this.nOff = nOff;
        this.nRouter = nRouter;
        this.nIface = nIface;
        this.pOff = pOff;
        this.pNet = pNet;
        this.prefixes = prefixes;
        this.hosts = hosts;
        this.hOff = hOff;
        this.hNet = hNet;
        this.hIface = hIface;
    }

    /**
     * The graph of {@code machines}: those {@code router} says forward are routers; the others with
     * IPv4 are hosts; a machine without IPv4 on several networks is a bridge joining them. Prefixes
     * are the interfaces' primary subnets.
     */
    static Topology of(List<Machine> machines, Predicate<Machine> router) {
        LinkLayers layers = new LinkLayers(machines);
        List<Machine> routers = new ArrayList<>(), hosts = new ArrayList<>();
        for (Machine m : machines) {
            Ipv4 ip = m.existing(Ipv4.KEY);
            if (ip == null || m.nicCount() == 0) continue;
            (router.test(m) ? routers : hosts).add(m);
        }
        int networks = layers.count();
        IntList rOff = new IntList(), rNet = new IntList();
        List<Ipv4Interface> rIface = new ArrayList<>();
        List<List<int[]>> onNetwork = new ArrayList<>();           // per network: {router, edge}
        for (int n = 0; n < networks; n++) onNetwork.add(new ArrayList<>(2));
        for (int r = 0; r < routers.size(); r++) {
            rOff.add(rNet.size());
            Machine m = routers.get(r);
            Ipv4 ip = Ipv4.of(m);
            for (int k = 0; k < m.nicCount(); k++) {
                Ipv4Interface i = ip.interfaceOf(m.nic(k));
                if (i == null || !i.hasAddress()) continue;
                int n = layers.of(m.nic(k).network());
                onNetwork.get(n).add(new int[] {r, rNet.size()});
                rNet.add(n);
                rIface.add(i);
            }
        }
        rOff.add(rNet.size());
        IntList nOff = new IntList(), nRouter = new IntList();
        List<Ipv4Interface> nIface = new ArrayList<>();
        for (List<int[]> on : onNetwork) {
            nOff.add(nRouter.size());
            for (int[] re : on) {
                nRouter.add(re[0]);
                nIface.add(rIface.get(re[1]));
            }
        }
        nOff.add(nRouter.size());
        PrefixIndex.Builder index = new PrefixIndex.Builder();
        List<IntList> netsOf = new ArrayList<>();
        for (Machine m : machines) {
            Ipv4 ip = m.existing(Ipv4.KEY);
            if (ip == null) continue;
            for (int k = 0; k < m.nicCount(); k++) {
                Ipv4Interface i = ip.interfaceOf(m.nic(k));
                if (i == null || !i.hasAddress()) continue;
                int p = index.add(i.address(), i.prefixLength());
                if (p == netsOf.size()) netsOf.add(new IntList());
                int n = layers.of(m.nic(k).network());
                if (!netsOf.get(p).contains(n)) netsOf.get(p).add(n);
            }
        }
        IntList hOff = new IntList(), hNet = new IntList();
        List<Ipv4Interface> hIface = new ArrayList<>();
        for (Machine m : hosts) {
            hOff.add(hNet.size());
            Ipv4 ip = Ipv4.of(m);
            for (int k = 0; k < m.nicCount(); k++) {
                Ipv4Interface i = ip.interfaceOf(m.nic(k));
                if (i == null || !i.hasAddress()) continue;
                hNet.add(layers.of(m.nic(k).network()));
                hIface.add(i);
            }
        }
        hOff.add(hNet.size());
        IntList pOff = new IntList(), pNet = new IntList();
        for (IntList nets : netsOf) {
            pOff.add(pNet.size());
            for (int j = 0; j < nets.size(); j++) pNet.add(nets.get(j));
        }
        pOff.add(pNet.size());
        return new Topology(routers.toArray(Machine[]::new), networks, rOff.toArray(), rNet.toArray(), rIface.toArray(Ipv4Interface[]::new),
                nOff.toArray(), nRouter.toArray(), nIface.toArray(Ipv4Interface[]::new), pOff.toArray(), pNet.toArray(), index.build(),
                hosts.toArray(Machine[]::new), hOff.toArray(), hNet.toArray(), hIface.toArray(Ipv4Interface[]::new));
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[8];
        private int n;

        void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int get(int i) { return a[i]; }

        int size() { return n; }

        boolean contains(int v) {
            for (int i = 0; i < n; i++) if (a[i] == v) return true;
            return false;
        }

        int[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }
}
