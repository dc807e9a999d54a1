package elvis.dummynet.aqm;

import elvis.message.Checksum;
import elvis.message.Message;

/**
 * The ECN field of IPv4 (RFC 3168: the low two bits of the old TOS byte) as queues read it, in an
 * IPv4 packet at offset {@code ip} of a message (0 for a packet, 14 in an Ethernet frame), and set
 * it to CE. Depends on nothing but messages, so links, dummynet's queues and schedulers share it.
 */
public final class Ecn {
    public static final int NOT_ECT = 0, ECT1 = 1, ECT0 = 2, CE = 3;
    private static final int ETHERTYPE_IPV4 = 0x0800;

    private Ecn() { }

    /** The ECN codepoint of an IPv4 packet at {@code ip}. */
    public static int field(Message m, int ip) { return m.u8(ip + 1) & 3; }

    /** True when the IPv4 packet at {@code ip} is ECN-capable (ECT(0), ECT(1), or already CE). */
    public static boolean capable(Message m, int ip) { return m.length() >= ip + 20 && field(m, ip) != NOT_ECT; }

    /** True when an Ethernet frame carries an ECN-capable IPv4 packet. */
    public static boolean frameCapable(Message frame) {
        return frame.length() >= 34 && frame.u16(12) == ETHERTYPE_IPV4 && field(frame, 14) != NOT_ECT;
    }

    /**
     * A copy of {@code m} whose IPv4 packet at {@code ip} is marked CE, its header checksum updated
     * incrementally (RFC 1624); {@code m} itself when it already is. Only the bytes up to the end of
     * the IP header are new: the payload is shared. The caller has checked it is ECN-capable IPv4.
     */
    public static Message markCe(Message m, int ip) {
        int oldWord = m.u16(ip);
        if ((oldWord & 3) == CE) return m;
        int ihl = (m.u8(ip) & 0xF) * 4;
        byte[] h = m.slice(0, ip + ihl).toByteArray();
        int newWord = oldWord | CE;
        h[ip + 1] = (byte) newWord;
        int ck = Checksum.update(m.u16(ip + 10), oldWord, newWord);
        h[ip + 10] = (byte) (ck >>> 8);
        h[ip + 11] = (byte) ck;
        return m.slice(ip + ihl).prepend(h);
    }
}
