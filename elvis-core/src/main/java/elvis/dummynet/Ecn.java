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
        if ((tos & 3) == 3) return packet;
        byte[] bytes = packet.toByteArray();
        int oldWord = packet.u16(ipOffset), newWord = oldWord | 3;
        int sum = (~packet.u16(ipOffset + 10) & 0xffff) + (~oldWord & 0xffff) + newWord;
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        int check = ~sum & 0xffff;
        bytes[ipOffset + 1] = (byte) (tos | 3);
        bytes[ipOffset + 10] = (byte) (check >>> 8);
        bytes[ipOffset + 11] = (byte) check;
        return Message.wrap(bytes);
    }
}
