package elvis.dummynet.aqm;

import elvis.message.Message;

/**
 * The ECN field of IPv4 (RFC 3168: the low two bits of the old TOS byte) as queues read it, in an
 * IPv4 packet at offset {@code ip} of a message (0 for a packet, 14 in an Ethernet frame). Marking
 * CE is {@link elvis.dummynet.Ecn#markCe}.
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
}
