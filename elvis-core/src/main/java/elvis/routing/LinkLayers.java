package elvis.routing;

import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The link layers of a set of machines: networks joined by a bridge (a machine without IPv4 on
 * several networks) are one, as IP sees them. Numbered densely in the order their first network
 * is met, so graphs built over them are the same on every run. What global routing's topology
 * and path stretch both walk.
 */
public final class LinkLayers {
    private final Map<Network, Integer> layer = new IdentityHashMap<>();   // looked up only, never iterated
    private final int count;

    public LinkLayers(List<Machine> machines) {
        Map<Network, Integer> netIndex = new IdentityHashMap<>();
        Map<String, Integer> cutIndex = new HashMap<>();          // the halves of a link cut between partitions are one link
        List<Integer> parent = new ArrayList<>();                 // union-find over networks
        for (Machine m : machines) {
            int first = -1;
            for (int k = 0; k < m.nicCount(); k++) {
                int n = netIndex.computeIfAbsent(m.nic(k).network(), x -> x.remotePartition() < 0 ? newSet(parent)
                        : cutIndex.computeIfAbsent(x.name(), name -> newSet(parent)));
                if (m.existing(Ipv4.KEY) != null) continue;
                if (first < 0) first = n;
                else parent.set(find(parent, n), find(parent, first));   // a bridge: one link layer
            }
        }
        int[] number = new int[parent.size()];
        Arrays.fill(number, -1);
        int layers = 0;
        for (int n = 0; n < number.length; n++) if (number[find(parent, n)] < 0) number[find(parent, n)] = layers++;
        for (Map.Entry<Network, Integer> e : netIndex.entrySet()) layer.put(e.getKey(), number[find(parent, e.getValue())]);
        count = layers;
    }

    /** The number of {@code network}'s link layer (0 ≤ n < {@link #count()}). */
    public int of(Network network) { return layer.get(network); }

    /** How many link layers there are. */
    public int count() { return count; }

    /** Union-find over a list of parents (also path stretch's, over the links of several partitions): a new set. */
    static int newSet(List<Integer> parent) {
        parent.add(parent.size());
        return parent.size() - 1;
    }

    /** The root of {@code n}'s set. */
    static int find(List<Integer> parent, int n) {
        while (parent.get(n) != n) n = parent.get(n);
        return n;
    }
}
