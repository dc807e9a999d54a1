package elvis.dummynet;

import elvis.sim.RandomStream;

/**
 * A loss process with state, stepped once per transmitted packet (Gilbert-Elliott, our extension):
 * each scheduler instance keeps its own {@code state}.
 */
public interface WireLoss {
    /** Whether the packet is lost in {@code state[0]}; then steps the state. */
    boolean lose(boolean[] state, RandomStream random);
}
