package elvis.dummynet;

import elvis.message.Message;

/** Setting Congestion Experienced on an IPv4 packet (RFC 3168 §5), with the header checksum updated (RFC 1624). */
public final class Ecn {
    private Ecn() {}

    /**
     * The packet with CE set in the IPv4 header at {@code ipOffset}; the packet itself when CE is
     * already set; null when it is not IPv4 or not ECN-capable (Not-ECT), which the caller drops.
     */
    public static Message markCe(Message packet, int ipOffset) {
        if (packet.length() < ipOffset + 20 || (packet.u8(ipOffset) >>> 4) != 4) return null;
        if (ipOffset == 14 && packet.u16(12) != 0x0800) return null;
        int tos = packet.u8(ipOffset + 1);
        if ((tos & 3) == 0) return null;
        return elvis.dummynet.aqm.Ecn.markCe(packet, ipOffset);
    }
}
