package elvis.link;

import elvis.message.Message;

/**
 * Chooses the band (queue) of a discipline a frame waits in: dummynet's flow mask and ipfw rules,
 * ns-3's {@code PacketFilter}. Returns 0 .. bands-1; it must not keep the frame.
 */
@FunctionalInterface
public interface Classifier {
    /** Every frame in one queue. */
    Classifier SINGLE = (frame, bands) -> 0;

    int band(Message frame, int bands);

    /**
     * By the IPv4 DSCP, through its class selector (the top three bits, the old IP precedence):
     * precedence p goes to band (7 - p) * bands / 8, so band 0 holds the highest (EF, 46, and
     * network control are in band 0 of 3; best effort, 0, in the last). Frames that are not IPv4
     * (ARP) go to band 0.
     */
    Classifier DSCP = (frame, bands) -> {
        if (frame.length() < 16 || frame.u16(12) != 0x0800) return 0;
        int precedence = frame.u8(15) >>> 5;
        return (7 - precedence) * bands / 8;
    };
}
