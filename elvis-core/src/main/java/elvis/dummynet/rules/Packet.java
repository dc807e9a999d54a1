package elvis.dummynet.rules;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Interface;

/**
 * The fields rules look at, read once per classification out of the datagram in place; one per
 * rule set, reused (a machine classifies one packet at a time), so classifying allocates nothing.
 */
final class Packet {
    static final int TCP = 6, UDP = 17;
    int protocol, src, dst, length;
    /** -1 when the datagram has no ports (not TCP/UDP, or a fragment past the first). */
    int srcPort, dstPort;
    /** TCP flags byte, 0 for other protocols. */
    int tcpFlags;
    boolean out;
    Ipv4Interface recv, xmit;

    void read(Message p, boolean out, Ipv4Interface recv, Ipv4Interface xmit) {
        this.out = out;
        this.recv = recv;
        this.xmit = xmit;
        length = p.length();
        protocol = p.u8(9);
        src = p.i32(12);
        dst = p.i32(16);
        int ihl = (p.u8(0) & 0xF) * 4;
        boolean firstFragment = (p.u16(6) & 0x1FFF) == 0;
        if (firstFragment && (protocol == TCP || protocol == UDP) && length >= ihl + 4) {
            srcPort = p.u16(ihl);
            dstPort = p.u16(ihl + 2);
        } else {
            srcPort = dstPort = -1;
        }
        tcpFlags = firstFragment && protocol == TCP && length >= ihl + 14 ? p.u8(ihl + 13) : 0;
    }
}
