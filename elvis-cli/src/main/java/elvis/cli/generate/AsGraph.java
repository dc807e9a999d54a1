package elvis.cli.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * An inter-domain topology: autonomous systems, their business relationships and the exchange points
 * where some of them peer. Generated ({@link InternetTopology}) or read from CAIDA's serial format
 * ({@link CaidaReader}); {@link InternetNdl} writes it as NDL. ASes are kept in increasing ASN order,
 * links in the order they were made, so that everything written from a graph is reproducible.
 */
public final class AsGraph {

    /** Tier-1 ASes have no provider and peer with each other; stubs have no customer; transit ASes have both. */
    public enum Tier { TIER1, TRANSIT, STUB }

    /** An AS and how many hosts its stub network has (0 for a transit AS). */
    public record As(long asn, Tier tier, int hosts) { }

    /**
     * A business relationship between ASes {@code a} and {@code b} (indices into {@link #ases()}): with
     * {@code peer} false, a is b's provider; with it true they are peers, over the exchange point
     * {@code ixp} (an index into {@link #ixps()}) or over a private link when it is -1.
     */
    public record Link(int a, int b, boolean peer, int ixp) { }

    /** An internet exchange point: a LAN its members' border routers share. */
    public record Ixp(String name, List<Integer> members) {
        public Ixp { members = List.copyOf(members); }
    }

    private final List<As> ases;
    private final List<Link> links;
    private final List<Ixp> ixps;

    public AsGraph(List<As> ases, List<Link> links, List<Ixp> ixps) {
        this.ases = List.copyOf(ases);
        this.links = List.copyOf(links);
        this.ixps = List.copyOf(ixps);
        for (int i = 1; i < this.ases.size(); i++) {
            if (this.ases.get(i - 1).asn() >= this.ases.get(i).asn()) throw new IllegalArgumentException("ASes must be in increasing ASN order");
        }
    }

    public List<As> ases() { return ases; }

    public List<Link> links() { return links; }

    public List<Ixp> ixps() { return ixps; }

    /** How many relationships each AS has (its degree in the AS graph). */
    public int[] degrees() {
        int[] d = new int[ases.size()];
        for (Link l : links) {
            d[l.a()]++;
            d[l.b()]++;
        }
        return d;
    }

    /** The indices of the providers of each AS. */
    public List<List<Integer>> providers() {
        List<List<Integer>> p = new ArrayList<>();
        for (int i = 0; i < ases.size(); i++) p.add(new ArrayList<>());
        for (Link l : links) if (!l.peer()) p.get(l.b()).add(l.a());
        return p;
    }

    public long count(Tier tier) {
        return ases.stream().filter(a -> a.tier() == tier).count();
    }
}
