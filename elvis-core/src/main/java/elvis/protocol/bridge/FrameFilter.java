package elvis.protocol.bridge;

import elvis.machine.Nic;
import elvis.message.Message;

/**
 * A packet filter at a bridge's Ethernet layer (ipfw's {@code layer2}): consulted once when a frame
 * arrives on a port and once per port it is to leave by. Set on the bridge machine with {@link
 * elvis.machine.Machine#packetFilter(Object)}. A frame the filter holds (a dummynet pipe) comes back
 * through {@link Bridge#forward} or {@link Bridge#transmit}.
 */
public interface FrameFilter {
    /** A frame arrived on {@code in}: true to bridge it now; false when dropped or held. */
    boolean bridgeInput(Message frame, Nic in);

    /** A frame from {@code in} is to leave by {@code out}: true to send it now; false when dropped or held. */
    boolean bridgeOutput(Message frame, Nic in, Nic out);
}
