package elvis.ndl.model;

import elvis.ndl.Pos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The address plan's rules (docs/ndl.md, "Address plan"), apart from reading the file: each
 * network's subnet (widened to fit when the file gives none), the pool addresses outside it that
 * are reached on the link, the reserved network and broadcast addresses, overlaps between
 * networks, the next free address for every unclaimed machine, and whether each route's gateway
 * is another machine that forwards. What it finds goes to a {@link Findings}; the checker turns
 * those into diagnostics.
 */
public final class AddressPlanner {

    /** Where the planner's findings go. */
    public interface Findings {
        void error(Pos pos, String message);

        /** Something derived that the file does not show (a widened subnet, on-link prefixes). */
        void note(Pos pos, String message);
    }

    /** The machine that uses an address, and where the file says so. */
    public record Claim(String machine, Pos pos) {}

    /**
     * A network as the file gives it.
     *
     * @param pos         the {@code [Network]} section
     * @param pool        its {@code [IP]} entries in file order; {@code sorted} the same by first address
     * @param subnet      the subnet the entries give (docs/ndl.md, rule 2), or null when there are none
     * @param subnetGiven a {@code subnet} entry fixes it; otherwise it may widen to fit
     * @param uncertain   an entry was wrong, so errors that may stem from it are not reported
     * @param claims      addresses machines claimed, by unsigned address
     * @param p2pType     where {@code type='p2p'} is written, or null for a switched network
     */
    public record Network(String id, Pos pos, List<PoolEntry> pool, List<PoolEntry> sorted, Subnet subnet, boolean subnetGiven,
                          boolean uncertain, Map<Long, Claim> claims, Pos p2pType) {}

    /**
     * One network a machine group is on: the network's index, the address it claimed there (or null),
     * where, whether DHCP gives its address instead of the plan (then it takes none of the network's), and
     * whether each instance is on a link of its own, {@code network + i - 1} (a network written with {@code count}).
     */
    public record Attachment(int network, Ipv4 claimed, Pos pos, boolean dhcp, boolean perLink) {
        public Attachment(int network, Ipv4 claimed, Pos pos) { this(network, claimed, pos, false, false); }
    }

    /** A machine group: its attachments in file order and its routes. */
    public record Group(String name, long count, boolean router, boolean uncertain, List<Attachment> attachments,
                        List<RouteSpec> routes) {}

    /** The plan, and per network the subnet and on-link prefixes it settled on. */
    public record Plan(AddressPlan addresses, List<Subnet> subnets, List<List<Subnet>> onLink) {}

    private final List<Network> nets;
    private final List<Group> groups;
    private final Findings findings;
    private final Subnet[] subnet;
    private final List<List<Subnet>> onLink = new ArrayList<>();

    private AddressPlanner(List<Network> nets, List<Group> groups, Findings findings) {
        this.nets = nets;
        this.groups = groups;
        this.findings = findings;
        this.subnet = nets.stream().map(Network::subnet).toArray(Subnet[]::new);
        for (int n = 0; n < nets.size(); n++) onLink.add(List.of());
    }

    public static Plan plan(List<Network> networks, List<Group> groups, Findings findings) {
        return new AddressPlanner(networks, groups, findings).plan();
    }

    private Plan plan() {
        List<List<int[]>> onNet = new ArrayList<>(); // per network: {group, attachment} in file order
        long[] unclaimed = new long[nets.size()];
        for (int n = 0; n < nets.size(); n++) {
            onNet.add(new ArrayList<>());
        }
        List<AddressPlan.Slot[]> slots = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Attachment> atts = groups.get(gi).attachments();
            slots.add(new AddressPlan.Slot[atts.size()]);
            for (int ai = 0; ai < atts.size(); ai++) {
                if (atts.get(ai).perLink()) {                  // one machine on each of its links
                    for (int k = 0; k < groups.get(gi).count(); k++) {
                        onNet.get(atts.get(ai).network() + k).add(new int[] {gi, ai});
                        unclaimed[atts.get(ai).network() + k]++;
                    }
                    continue;
                }
                onNet.get(atts.get(ai).network()).add(new int[] {gi, ai});
                if (atts.get(ai).claimed() == null && !atts.get(ai).dhcp()) unclaimed[atts.get(ai).network()] += groups.get(gi).count();
            }
        }
        for (int n = 0; n < nets.size(); n++) {
            if (subnet[n] != null) widenToFit(n, unclaimed[n]);
        }
        for (int n = 0; n < nets.size(); n++) {
            if (subnet[n] == null) continue;
            onLinkOutsideSubnet(n);
            reportReservedClaims(n);
        }
        reportOverlaps();
        List<FreeAddresses> free = new ArrayList<>();
        for (int n = 0; n < nets.size(); n++) {
            Network net = nets.get(n);
            FreeAddresses addresses = new FreeAddresses(segments(n), reservedAndClaimed(n));
            free.add(addresses);
            long used = 0;
            long instances = 0;
            boolean reported = false;
            for (int[] ga : onNet.get(n)) {
                Group g = groups.get(ga[0]);
                Attachment att = g.attachments().get(ga[1]);
                if (att.perLink()) {                           // the same place on each link: the file's order is theirs
                    if (n == att.network()) slots.get(ga[0])[ga[1]] = new AddressPlan.Slot(n, Optional.empty(), used, g.count(), true);
                    instances++;
                    used++;
                    continue;
                }
                instances += g.count();
                if (att.claimed() != null) {
                    slots.get(ga[0])[ga[1]] = new AddressPlan.Slot(n, Optional.of(att.claimed()), 0, g.count());
                    continue;
                }
                if (att.dhcp()) {                               // no address from the plan: a slot of none
                    slots.get(ga[0])[ga[1]] = new AddressPlan.Slot(n, Optional.empty(), 0, 0);
                    continue;
                }
                slots.get(ga[0])[ga[1]] = new AddressPlan.Slot(n, Optional.empty(), used, g.count());
                used += g.count();
                if (used > addresses.capacity() && !reported && !net.uncertain()) {
                    reported = true;
                    findings.error(att.pos(), "network '" + net.id() + "' has no address left for machine '" + g.name() + "' (needs "
                            + Math.min(g.count(), used - addresses.capacity()) + " more)"
                            + (net.subnetGiven() || subnet[n] == null ? "" : "; give the network a larger subnet, e.g. [IP subnet='"
                                    + Subnet.around(subnet[n].base(), Math.max(8, subnet[n].prefix() - 2)) + "']"));
                }
            }
            if (net.p2pType() != null && instances != 2) {
                findings.error(net.p2pType(), "point-to-point network '" + net.id() + "' needs exactly 2 machines, but "
                        + (instances == 0 ? "none is" : instances + (instances == 1 ? " is" : " are")) + " attached");
            }
        }
        checkGateways(onNet, free, slots);
        return new Plan(new AddressPlan(free, slots.stream().map(List::of).toList()), Arrays.asList(subnet.clone()), List.copyOf(onLink));
    }

    /**
     * A network without a {@code subnet} entry whose machines do not fit its pool and subnet gets a
     * wider subnet, one bit at a time down to a /8, as long as it stays clear of every other network's.
     */
    private void widenToFit(int n, long machines) {
        Network net = nets.get(n);
        if (net.subnetGiven() || net.uncertain()) return;
        Subnet before = subnet[n];
        while (new FreeAddresses(segments(n), reservedAndClaimed(n)).capacity() < machines && subnet[n].prefix() > 8) {
            Subnet wider = Subnet.around(subnet[n].base(), subnet[n].prefix() - 1);
            boolean clash = false;
            for (int other = 0; other < nets.size(); other++) {
                if (other == n || subnet[other] == null) continue;
                clash |= wider.overlaps(subnet[other])
                        || nets.get(other).pool().stream().anyMatch(e -> wider.contains(e.first()) || wider.contains(e.last()));
            }
            if (clash) break;
            subnet[n] = wider;
        }
        if (!subnet[n].equals(before)) {
            findings.note(net.pos(), "network '" + net.id() + "' has no subnet entry and " + machines
                    + " machines to address: its subnet is " + subnet[n] + " (widened from " + before + ")");
        }
    }

    /** Pool entries outside the subnet are on the link too: every machine gets routes to them. */
    private void onLinkOutsideSubnet(int n) {
        Network net = nets.get(n);
        Subnet s = subnet[n];
        List<Subnet> outside = new ArrayList<>();
        for (PoolEntry e : net.pool()) {
            if (s.contains(e.first()) && s.contains(e.last())) continue;
            outside.addAll(Subnet.exactly(e.first(), e.last()).stream().filter(b -> !s.overlaps(b)).toList());
        }
        onLink.set(n, List.copyOf(outside));
        if (!outside.isEmpty()) {
            findings.note(net.pos(), "network '" + net.id() + "': subnet " + s + "; its addresses outside it ("
                    + String.join(", ", outside.stream().limit(8).map(Subnet::toString).toList())
                    + (outside.size() > 8 ? ", ..." : "") + ") are reached on the link through routes on every machine of the network");
        }
    }

    /** A machine cannot use its subnet's network or broadcast address. */
    private void reportReservedClaims(int n) {
        Network net = nets.get(n);
        Subnet s = subnet[n];
        if (s.prefix() > 30) return;
        for (Ipv4 reserved : List.of(s.base(), s.broadcast())) {
            Claim c = net.claims().get(reserved.unsigned());
            if (c != null) {
                findings.error(c.pos(), "address '" + reserved + "' is the " + (reserved.equals(s.base()) ? "network" : "broadcast")
                        + " address of network '" + net.id() + "' (subnet " + s + "); a machine cannot use it");
            }
        }
    }

    /**
     * Two networks are two L2 segments: if their addresses overlap, machines on both would share
     * addresses and no route could tell the networks apart.
     */
    private void reportOverlaps() {
        record Block(long first, long last, int net) {}
        List<Block> blocks = new ArrayList<>();
        for (int n = 0; n < nets.size(); n++) {
            if (subnet[n] == null || nets.get(n).uncertain()) continue;
            blocks.add(new Block(subnet[n].base().unsigned(), subnet[n].broadcast().unsigned(), n));
            for (Subnet s : onLink.get(n)) blocks.add(new Block(s.base().unsigned(), s.broadcast().unsigned(), n));
        }
        blocks.sort(Comparator.comparingLong(Block::first).thenComparingInt(Block::net));
        Set<Long> reported = new HashSet<>();
        Block widest = null;   // of the blocks so far, the one reaching furthest
        for (Block b : blocks) {
            if (widest != null && b.first <= widest.last && b.net != widest.net
                    && reported.add((long) Math.min(b.net, widest.net) << 32 | Math.max(b.net, widest.net))) {
                int later = Math.max(b.net, widest.net), earlier = Math.min(b.net, widest.net);
                findings.error(nets.get(later).pool().getFirst().pos(), "the addresses of network '" + nets.get(later).id()
                        + "' (subnet " + subnet[later] + ") overlap those of network '" + nets.get(earlier).id() + "' (line "
                        + nets.get(earlier).pos().line() + ", subnet " + subnet[earlier]
                        + "); two networks cannot share addresses: give each its own subnet");
            }
            if (widest == null || b.last > widest.last) widest = b;
        }
    }

    /** Every route's gateway is another machine on a shared network, and one that forwards. */
    private void checkGateways(List<List<int[]>> onNet, List<FreeAddresses> free, List<AddressPlan.Slot[]> slots) {
        for (Group g : groups) {
            for (RouteSpec route : g.routes()) {
                Ipv4 via = route.via();
                Attachment att = g.attachments().stream().filter(a -> onLinkOf(a.network(), via)).findFirst().orElse(null);
                if (att == null || g.uncertain() || nets.get(att.network()).uncertain()) continue;
                Network net = nets.get(att.network());
                Group ownerGroup = null;
                Claim claim = net.claims().get(via.unsigned());
                if (claim != null) {
                    ownerGroup = groupNamed(claim.machine());
                } else {
                    long k = free.get(att.network()).indexOf(via);
                    for (int[] ga : onNet.get(att.network())) {
                        AddressPlan.Slot slot = slots.get(ga[0])[ga[1]];
                        long count = slot.perLink() ? 1 : slot.count();
                        if (slot.fixed().isEmpty() && k >= slot.offset() && k < slot.offset() + count) ownerGroup = groups.get(ga[0]);
                    }
                }
                if (ownerGroup == null) {
                    findings.error(route.pos(), "gateway '" + via + "' is the address of no machine on network '" + net.id() + "'");
                } else if (ownerGroup == g) {
                    findings.error(route.pos(), "gateway '" + via + "' is " + (g.count() == 1 ? "machine '" + g.name() + "' itself"
                            : "an address of group '" + g.name() + "' itself") + ": a route must lead to another machine");
                } else if (!ownerGroup.router()) {
                    findings.error(route.pos(), "gateway '" + via + "' is machine '" + ownerGroup.name() + "', which does not forward packets;"
                            + " add router='true' to [Machine name='" + ownerGroup.name() + "']");
                }
            }
        }
    }

    private Map<String, Group> byName;

    private Group groupNamed(String name) {
        if (byName == null) {
            byName = new java.util.HashMap<>();
            for (Group g : groups) byName.put(g.name(), g);
        }
        return byName.get(name);
    }

    /** Whether {@code a} is on network n's link: in its subnet or one of its pool prefixes outside it. */
    private boolean onLinkOf(int n, Ipv4 a) {
        return subnet[n] != null && (subnet[n].contains(a) || onLink.get(n).stream().anyMatch(s -> s.contains(a)));
    }

    /** Addresses not to hand out: the subnet's network and broadcast addresses, and those machines claimed. */
    private long[] reservedAndClaimed(int n) {
        Map<Long, Claim> claims = nets.get(n).claims();
        long[] taken = new long[claims.size() + 2];
        int k = 0;
        for (long claimed : claims.keySet()) taken[k++] = claimed;
        if (subnet[n] != null && subnet[n].prefix() <= 30) {
            taken[k++] = subnet[n].base().unsigned();
            taken[k++] = subnet[n].broadcast().unsigned();
        }
        return Arrays.copyOf(taken, k);
    }

    /** The pool in file order, then the rest of the network's subnet (usable hosts only), lowest first. */
    private List<long[]> segments(int n) {
        List<long[]> segments = new ArrayList<>();
        for (PoolEntry e : nets.get(n).pool()) {
            segments.add(new long[] {e.first().unsigned(), e.last().unsigned()});
        }
        if (subnet[n] == null) {
            return segments;
        }
        long next = subnet[n].firstHost().unsigned();
        long end = subnet[n].lastHost().unsigned();
        for (PoolEntry e : nets.get(n).sorted()) {
            long a = e.first().unsigned();
            long b = e.last().unsigned();
            if (b < next || a > end) {
                continue;
            }
            if (a > next) {
                segments.add(new long[] {next, a - 1});
            }
            next = Math.max(next, b + 1);
        }
        if (next <= end) {
            segments.add(new long[] {next, end});
        }
        return segments;
    }
}
