package elvis.live;

import elvis.Simulation;
import elvis.link.Network;

/**
 * Bridges a simulated switched network to a TAP device: the device is one more port of the network's
 * switch ({@link Simulation#attachExternal}), which learns the MAC addresses behind it. A reader
 * thread (the only thread besides the kernel's) reads frames and injects them into the real-time
 * kernel ({@link elvis.sim.RealtimeSimulator#inject}); frames towards the port are written to the
 * device from the kernel's thread, in batches. Frames pass unchanged both ways.
 *
 * <p>STEP-0 SKELETON (signatures fixed; the tap part fills the bodies).
 */
public final class TapBridge implements AutoCloseable {
    private TapBridge() { }

    /**
     * Opens TAP device {@code device} (creating it) and attaches it to {@code network}, a switched
     * network of {@code sim}, whose kernel must be a {@link elvis.sim.RealtimeSimulator}.
     */
    public static TapBridge attach(Simulation sim, Network network, String device) throws LiveException {
        throw new UnsupportedOperationException("step 0");
    }

    public String device() { throw new UnsupportedOperationException("step 0"); }

    public TapStats stats() { throw new UnsupportedOperationException("step 0"); }

    /** Stops the reader and closes the device (which disappears unless it was made persistent). */
    @Override
    public void close() { throw new UnsupportedOperationException("step 0"); }
}
