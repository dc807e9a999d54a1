package elvis.dummynet;

import elvis.sim.RandomStream;

/**
 * A dummynet delay profile ({@code profile FILE}, ipfw(8)): per packet leaving the scheduler, one
 * draw gives an extra time charged as link busy time (the next packet cannot start before it) and
 * whether the packet is lost after using its time. The profile part parses the man page's file
 * format and implements this.
 */
public interface DelayProfile {
    /** Set in {@link #draw}'s result when the packet is lost. */
    long LOST = Long.MIN_VALUE;

    /**
     * One draw for a packet of {@code bytes}: the extra busy time in ns (>= 0), with {@link #LOST}
     * ORed in when the packet is lost (so {@code result & Long.MAX_VALUE} is always the time).
     */
    long draw(int bytes, RandomStream random);

    /** The profile's name, as in {@code pipe show}. */
    String name();
}
