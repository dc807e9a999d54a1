package elvis.testing;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;

/**
 * Machine a (10.0.1.2) on LAN left, machine b (10.0.2.2) on LAN right, and router r joining them
 * (10.0.1.1 and 10.0.2.1). b routes back through r; a has no route yet ({@link #routed}).
 */
public record TwoLans(Simulation sim, Network left, Network right, Machine a, Machine r, Machine b) {
    public static TwoLans build(LinkConfig link, Simulation.Resolution resolution) {
        Simulation sim = new Simulation(1);
        Network left = sim.network("left", link, resolution), right = sim.network("right", link, resolution);
        Machine a = sim.machine("a"), r = sim.machine("r"), b = sim.machine("b");
        sim.connect(a, left, "10.0.1.2/24");
        sim.connect(r, left, "10.0.1.1/24");
        sim.connect(r, right, "10.0.2.1/24");
        sim.connect(b, right, "10.0.2.2/24");
        sim.router(r);
        sim.route(b, "default", "10.0.2.1");
        return new TwoLans(sim, left, right, a, r, b);
    }

    /** Gives a its default route through r. */
    public TwoLans routed() {
        sim.route(a, "default", "10.0.1.1");
        return this;
    }
}
