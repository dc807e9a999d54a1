package elvis.routing;

import elvis.link.Network;
import elvis.machine.Machine;
import elvis.parallel.Exchange;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Route;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Path stretch: how much longer the forwarding tables' paths are than the shortest paths over the
 * interfaces that are up. For a deterministic sample of endpoints (hosts, or routers when there are
 * fewer than two hosts; at most {@code sample}, evenly spaced in machine order), every ordered pair's
 * packet is walked hop by hop through {@link Ipv4#lookup} to the destination's first address that is
 * up, and its hop count (links crossed) compared with a breadth-first search in which hosts do not
 * forward. Networks joined by a bridge (a machine without IPv4) are one link.
 *
 * <p>The same measurement serves a run whose machines are spread over the processes of an MPI job.
 * Each partition describes its machines' interfaces (a view, a few bytes per machine) to partition 0,
 * which builds the graph and walks every pair in lock step: each round it asks every partition for
 * the next hops it lacks (one forwarding-table lookup per router and destination met, answered by
 * the router's partition). A run in one process walks the same way with its own answers, so the
 * numbers are the same bit for bit.
 */
public final class PathStretch {
    /**
     * @param endpoints    "hosts" or "routers"
     * @param pairs        ordered pairs measured (both ends up, connected by links that are up)
     * @param unreachable  those the tables did not deliver (no route, a dead end, or a loop)
     * @param disconnected pairs with both ends up but no path over the links that are up (not measured)
     * @param mean         mean over the delivered pairs of table hops / shortest hops (1 when none)
     * @param max          the largest such ratio (1 when none)
     */
    public record Result(String endpoints, long pairs, long unreachable, long disconnected, double mean, double max) {}

    // A next-hop answer: 0 from a partition that does not have the machine asked about.
    private static final long ROUTED = 1L << 32, NO_ROUTE = 2L << 32;

    private PathStretch() {}

    /** Measures {@code machines} (all of a simulation's, in its order) as they are now, over at most {@code sample} endpoints. */
    public static Result measure(List<Machine> machines, int sample) {
        int[] place = new int[machines.size()];
        Arrays.setAll(place, i -> i);
        Walk walk = Graph.of(List.of(view(machines, place))).walk(sample);
        for (long[] asked = walk.questions(); asked.length > 0; asked = walk.questions()) walk.answers(asked, answer(machines, place, asked));
        return walk.result();
    }

    /**
     * Measures a run whose machines are spread over the partitions of {@code exchange}: every partition
     * calls this with its own machines and their places in the whole build's machine order (ascending).
     * Partition 0 returns the result, the others null.
     */
    public static Result measure(Exchange exchange, List<Machine> mine, int[] place, int sample) {
        byte[][] views = exchange.gather(view(mine, place));
        Walk walk = views == null ? null : Graph.of(Arrays.asList(views)).walk(sample);
        while (true) {
            long[] mineAsked = walk == null ? null : walk.questions();
            long count = exchange.allGather(new long[] {mineAsked == null ? 0 : mineAsked.length})[0][0];
            if (count == 0) return walk == null ? null : walk.result();
            long[] asked = exchange.allGather(mineAsked != null ? mineAsked : new long[(int) count])[0];
            long[][] answered = exchange.allGather(answer(mine, place, asked));
            if (walk == null) continue;
            long[] merged = new long[asked.length];
            for (long[] partition : answered) for (int i = 0; i < merged.length; i++) merged[i] |= partition[i];
            walk.answers(asked, merged);
        }
    }

    /** A question: the machine at a place in the build's order, and a destination address. */
    private static long question(int place, int dst) { return (long) place << 32 | dst & 0xffffffffL; }

    /** The answers for the questions about machines among {@code machines} (at {@code place}); 0 for the others. */
    private static long[] answer(List<Machine> machines, int[] place, long[] questions) {
        long[] answers = new long[questions.length];
        for (int q = 0; q < questions.length; q++) {
            int at = Arrays.binarySearch(place, (int) (questions[q] >>> 32));
            if (at < 0) continue;
            int dst = (int) questions[q];
            Route r = Ipv4.of(machines.get(at)).lookup(dst);
            answers[q] = r == null || r.iface() == null || !r.iface().isUp() ? NO_ROUTE : ROUTED | r.nextHop(dst) & 0xffffffffL;
        }
        return answers;
    }

    /**
     * What the measurement needs of {@code machines}: per machine with IPv4 its place, whether it
     * forwards and, per interface in device order, its link, whether it is up, and its addresses; per
     * machine without IPv4 (a bridge) the links it joins. Links are numbered in this view; the halves
     * of a link cut between partitions carry its name, which joins them.
     */
    static byte[] view(List<Machine> machines, int[] place) {
        Map<Network, Integer> links = new IdentityHashMap<>();
        List<Network> order = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            List<Integer> nodes = new ArrayList<>(), bridges = new ArrayList<>();
            for (int k = 0; k < machines.size(); k++) {
                Machine m = machines.get(k);
                if (m.existing(Ipv4.KEY) != null) { if (m.nicCount() > 0) nodes.add(k); }
                else if (m.nicCount() > 1) bridges.add(k);
            }
            out.writeInt(nodes.size());
            for (int k : nodes) {
                Machine m = machines.get(k);
                Ipv4 ip = Ipv4.of(m);
                List<Ipv4Interface> interfaces = ip.interfaces();
                out.writeInt(place[k]);
                out.writeBoolean(ip.isForwarding());
                out.writeInt(interfaces.size());
                for (Ipv4Interface i : interfaces) {
                    out.writeInt(link(i.device().network(), links, order));
                    out.writeBoolean(i.isUp());
                    out.writeBoolean(i.hasAddress());
                    out.writeInt(i.address());
                    int[] more = i.secondaryAddresses();
                    out.writeInt(more.length);
                    for (int a : more) out.writeInt(a);
                }
            }
            out.writeInt(bridges.size());
            for (int k : bridges) {
                Machine m = machines.get(k);
                out.writeInt(m.nicCount());
                for (int n = 0; n < m.nicCount(); n++) out.writeInt(link(m.nic(n).network(), links, order));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            out.writeInt(order.size());
            for (Network n : order) {
                out.writeBoolean(n.remotePartition() >= 0);
                if (n.remotePartition() >= 0) out.writeUTF(n.name());
            }
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toByteArray();
    }

    private static int link(Network n, Map<Network, Integer> links, List<Network> order) {
        return links.computeIfAbsent(n, x -> { order.add(x); return order.size() - 1; });
    }

    /** One machine with IPv4 of a view: its interfaces' links (whole-run numbers), states and addresses. */
    private record Node(int place, boolean forwarding, int[] link, boolean[] up, boolean[] hasAddress, int[] primary, int[][] more) {
        boolean has(int iface, int ip) {
            if (hasAddress[iface] && primary[iface] == ip) return true;
            for (int a : more[iface]) if (a == ip) return true;
            return false;
        }
    }

    /** The machines of every view, in build order, over links numbered for the whole run (bridged links as one). */
    private static final class Graph {
        private final Node[] nodes;
        private final Map<Integer, Integer> owner = new HashMap<>();    // address -> node (looked up only, never iterated)
        private final int[] nodeOff, nodeNet, netOff, netNode;           // node -> links and link -> nodes, over up interfaces
        private final int links;

        private Graph(Node[] nodes, int links) {
            this.nodes = nodes;
            this.links = links;
            List<List<Integer>> on = new ArrayList<>();
            for (int n = 0; n < links; n++) on.add(new ArrayList<>(2));
            nodeOff = new int[nodes.length + 1];
            List<Integer> nn = new ArrayList<>();
            for (int v = 0; v < nodes.length; v++) {
                nodeOff[v] = nn.size();
                Node node = nodes[v];
                for (int i = 0; i < node.link.length; i++) {
                    if (!node.hasAddress[i]) continue;
                    owner.putIfAbsent(node.primary[i], v);
                    if (!node.up[i]) continue;
                    nn.add(node.link[i]);
                    on.get(node.link[i]).add(v);
                }
            }
            nodeOff[nodes.length] = nn.size();
            nodeNet = nn.stream().mapToInt(Integer::intValue).toArray();
            netOff = new int[links + 1];
            List<Integer> nv = new ArrayList<>();
            for (int n = 0; n < links; n++) {
                netOff[n] = nv.size();
                nv.addAll(on.get(n));
            }
            netOff[links] = nv.size();
            netNode = nv.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The graph of the partitions' {@link #view}s. */
        static Graph of(List<byte[]> views) {
            List<Integer> parent = new ArrayList<>();                    // union-find over links
            Map<String, Integer> cut = new HashMap<>();
            List<Node> nodes = new ArrayList<>();
            try {
                for (byte[] view : views) {
                    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(view));
                    int[] link = new int[in.readInt()];
                    for (int n = 0; n < link.length; n++) link[n] = in.readBoolean() ? cut.computeIfAbsent(in.readUTF(), x -> LinkLayers.newSet(parent)) : LinkLayers.newSet(parent);
                    for (int v = in.readInt(); v > 0; v--) {
                        int place = in.readInt();
                        boolean forwarding = in.readBoolean();
                        int count = in.readInt();
                        int[] links = new int[count], primary = new int[count];
                        boolean[] up = new boolean[count], hasAddress = new boolean[count];
                        int[][] more = new int[count][];
                        for (int i = 0; i < count; i++) {
                            links[i] = link[in.readInt()];
                            up[i] = in.readBoolean();
                            hasAddress[i] = in.readBoolean();
                            primary[i] = in.readInt();
                            more[i] = new int[in.readInt()];
                            for (int a = 0; a < more[i].length; a++) more[i][a] = in.readInt();
                        }
                        nodes.add(new Node(place, forwarding, links, up, hasAddress, primary, more));
                    }
                    for (int b = in.readInt(); b > 0; b--) {
                        int first = link[in.readInt()];
                        for (int k = in.readInt() - 1; k > 0; k--) parent.set(LinkLayers.find(parent, link[in.readInt()]), LinkLayers.find(parent, first));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            nodes.sort(Comparator.comparingInt(Node::place));
            for (Node v : nodes) for (int i = 0; i < v.link.length; i++) v.link[i] = LinkLayers.find(parent, v.link[i]);
            return new Graph(nodes.toArray(Node[]::new), parent.size());
        }

        /** Node {@code v}'s first address on an interface that is up, 0 when none is. */
        int address(int v) {
            Node node = nodes[v];
            for (int i = 0; i < node.link.length; i++) if (node.hasAddress[i] && node.up[i]) return node.primary[i];
            return 0;
        }

        boolean holds(int v, int ip) {
            for (int i = 0; i < nodes[v].link.length; i++) if (nodes[v].has(i, ip)) return true;
            return false;
        }

        /** Whether node {@code v}'s interface with {@code ip} (its first, if several) is up. */
        boolean upWith(int v, int ip) {
            for (int i = 0; i < nodes[v].link.length; i++) if (nodes[v].has(i, ip)) return nodes[v].up[i];
            return false;
        }

        /** Hops from {@code s} to every node over up interfaces, -1 where none; only routers (and s) forward. */
        int[] shortest(int s) {
            int[] dist = new int[nodes.length];
            Arrays.fill(dist, -1);
            boolean[] netSeen = new boolean[links];
            int[] queue = new int[nodes.length];
            int head = 0, tail = 0;
            dist[s] = 0;
            queue[tail++] = s;
            while (head < tail) {
                int v = queue[head++];
                if (v != s && !nodes[v].forwarding) continue;
                for (int e = nodeOff[v]; e < nodeOff[v + 1]; e++) {
                    int n = nodeNet[e];
                    if (netSeen[n]) continue;
                    netSeen[n] = true;
                    for (int f = netOff[n]; f < netOff[n + 1]; f++) {
                        int w = netNode[f];
                        if (dist[w] >= 0) continue;
                        dist[w] = dist[v] + 1;
                        queue[tail++] = w;
                    }
                }
            }
            return dist;
        }

        /** The sampled endpoints' pairs, each walked as far as the tables known so far take it. */
        Walk walk(int sample) {
            List<Integer> hosts = new ArrayList<>(), routers = new ArrayList<>();
            for (int v = 0; v < nodes.length; v++) {
                if (address(v) == 0) continue;                           // down: no interface up
                (nodes[v].forwarding ? routers : hosts).add(v);
            }
            boolean byHosts = hosts.size() >= 2;
            List<Integer> all = byHosts ? hosts : routers;
            int[] ends = new int[Math.min(sample, all.size())];
            for (int i = 0; i < ends.length; i++) ends[i] = all.get((int) ((long) i * all.size() / ends.length));
            return new Walk(this, byHosts ? "hosts" : "routers", ends);
        }
    }

    /**
     * Every ordered pair of endpoints walked hop by hop in lock step: a pair waits where its packet is at
     * a router whose next hop towards the destination is not known yet ({@link #questions}), and moves on
     * when it is ({@link #answers}). A packet back at a machine it passed is in a loop: not delivered.
     */
    private static final class Walk {
        private final Graph g;
        private final String endpoints;
        private final int[] ends;
        private final int[][] dist;             // [source][destination], over ends
        private final int[] at, hops;           // per pair (source × destination): where the packet is, links crossed; hops -1 when not delivered
        private final boolean[] done;
        private final List<Set<Integer>> seen = new ArrayList<>();
        private final Map<Long, Long> known = new HashMap<>();      // question -> answer (looked up only)

        Walk(Graph g, String endpoints, int[] ends) {
            this.g = g;
            this.endpoints = endpoints;
            this.ends = ends;
            int n = ends.length;
            dist = new int[n][n];
            for (int s = 0; s < n; s++) {
                int[] d = g.shortest(ends[s]);
                for (int t = 0; t < n; t++) dist[s][t] = d[ends[t]];
            }
            at = new int[n * n];
            hops = new int[n * n];
            done = new boolean[n * n];
            for (int p = 0; p < n * n; p++) {
                int s = p / n, t = p % n;
                at[p] = ends[s];
                done[p] = s == t || dist[s][t] < 0;          // not a pair, or disconnected: not walked
                seen.add(done[p] ? null : new HashSet<>(List.of(ends[s])));
            }
            advance();
        }

        /** The questions the waiting pairs need answered, ascending; none when every pair is done. */
        long[] questions() {
            TreeSet<Long> asked = new TreeSet<>();
            for (int p = 0; p < at.length; p++) if (!done[p]) asked.add(question(g.nodes[at[p]].place, g.address(ends[p % ends.length])));
            return asked.stream().mapToLong(Long::longValue).toArray();
        }

        /** Takes the answers to {@code questions} and moves every pair on as far as they take it. */
        void answers(long[] questions, long[] answers) {
            for (int q = 0; q < questions.length; q++) {
                if (answers[q] == 0) throw new IllegalStateException("no partition has the machine at place " + (questions[q] >>> 32));
                known.put(questions[q], answers[q]);
            }
            advance();
        }

        private void advance() {
            int n = ends.length;
            for (int p = 0; p < at.length; p++) {
                int s = ends[p / n], dst = g.address(ends[p % n]);
                while (!done[p]) {
                    int v = at[p];
                    if (g.holds(v, dst)) { done[p] = true; break; }
                    if (v != s && !g.nodes[v].forwarding) { stop(p); break; }    // a host that is not the destination
                    Long answer = known.get(question(g.nodes[v].place, dst));
                    if (answer == null) break;                                 // wait for the next round
                    if (answer == NO_ROUTE) { stop(p); break; }
                    int hop = (int) (long) answer;
                    Integer next = g.owner.get(hop);
                    if (next == null || !g.upWith(next, hop) || !seen.get(p).add(next)) { stop(p); break; }   // nobody there, down, or a loop
                    at[p] = next;
                    hops[p]++;
                }
            }
        }

        private void stop(int p) {
            done[p] = true;
            hops[p] = -1;
        }

        Result result() {
            int n = ends.length;
            long pairs = 0, unreachable = 0, disconnected = 0;
            double sum = 0, max = 1;
            for (int s = 0; s < n; s++) {
                for (int t = 0; t < n; t++) {
                    if (s == t) continue;
                    if (dist[s][t] < 0) { disconnected++; continue; }
                    pairs++;
                    int h = hops[s * n + t];
                    if (h < 0) { unreachable++; continue; }
                    double stretch = (double) h / dist[s][t];
                    sum += stretch;
                    max = Math.max(max, stretch);
                }
            }
            long delivered = pairs - unreachable;
            return new Result(endpoints, pairs, unreachable, disconnected, delivered == 0 ? 1 : sum / delivered, max);
        }
    }
}
