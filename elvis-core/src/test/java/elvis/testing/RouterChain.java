package elvis.testing;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;

import java.util.List;

/**
 * A chain of machines n0 - n1 - ... - nk joined by point-to-point links, with the inner ones
 * routing: link j joins n<sub>j</sub> (10.0.j.1) and n<sub>j+1</sub> (10.0.j.2), and every machine
 * reaches every subnet. For tests of paths across routers.
 */
public final class RouterChain {
    private RouterChain() {}

    /** Builds the chain over {@code hops} (one per link, so {@code hops.size() - 1} routers); returns n0..nk. */
    public static Machine[] build(Simulation sim, List<LinkConfig> hops, List<Simulation.Resolution> resolutions) {
        int links = hops.size(), routers = links - 1;
        Machine[] node = new Machine[links + 1];
        for (int i = 0; i < node.length; i++) node[i] = sim.machine("n" + i);
        for (int j = 0; j < links; j++) {
            Network link = sim.link("link" + j, hops.get(j), resolutions.get(j));
            sim.connect(node[j], link, "10.0." + j + ".1/24");
            sim.connect(node[j + 1], link, "10.0." + j + ".2/24");
        }
        for (int i = 1; i <= routers; i++) {
            sim.router(node[i]);
            for (int j = 0; j < links; j++) {            // subnets beyond the two it is on: left or right
                if (j < i - 1) sim.route(node[i], "10.0." + j + ".0/24", "10.0." + (i - 1) + ".1");
                if (j > i) sim.route(node[i], "10.0." + j + ".0/24", "10.0." + i + ".2");
            }
        }
        sim.route(node[0], "default", "10.0.0.2");
        sim.route(node[links], "default", "10.0." + routers + ".1");
        return node;
    }

    /** The address of the last machine of a chain of {@code links} links. */
    public static String lastAddress(int links) { return "10.0." + (links - 1) + ".2"; }
}
