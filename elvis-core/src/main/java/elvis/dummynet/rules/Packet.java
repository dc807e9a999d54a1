package elvis.dummynet.rules;

import elvis.message.Message;
import elvis.machine.Nic;

/**
 * The fields rules look at, read once per classification out of the datagram (or, on a bridge,
 * the Ethernet frame) in place; one per rule set, reused (a machine classifies one packet at a
 * time), so classifying allocates nothing.
 */
final class Packet {
    static final int TCP = 6, UDP = 17;
    static final int ETHER_HEADER = 14, TYPE_IPV4 = 0x0800;
    /** -1 when the packet is not IPv4 (a bridged ARP frame): no protocol, address or port matches it. */
    int protocol;
    int src, dst, length;
    /** -1 when the datagram has no ports (not TCP/UDP, or a fragment past the first). */
    int srcPort, dstPort;
    /** TCP flags byte, 0 for other protocols. */
    int tcpFlags;
    boolean out, ipv4;
    /** A bridged frame (ipfw's layer2): its MAC addresses and EtherType; -1 each at the IP layer. */
    boolean layer2;
    long dstMac, srcMac;
    int etherType;
    Nic recv, xmit;

    /** An IPv4 datagram at the IP layer. */
    void read(Message p, boolean out, Nic recv, Nic xmit) {
        this.out = out;
        this.recv = recv;
        this.xmit = xmit;
        layer2 = false;
        dstMac = srcMac = -1;
        etherType = -1;
        length = p.length();
        readIp(p, 0);
    }

    /** An Ethernet frame crossing a bridge; the IPv4 fields are its packet's when it carries one. */
    void readFrame(Message f, boolean out, Nic recv, Nic xmit) {
        this.out = out;
        this.recv = recv;
        this.xmit = xmit;
        layer2 = true;
        length = f.length();
        dstMac = f.u48(0);
        srcMac = f.u48(6);
        etherType = f.u16(12);
        if (etherType == TYPE_IPV4 && length >= ETHER_HEADER + 20 && (f.u8(ETHER_HEADER) >>> 4) == 4) {
            readIp(f, ETHER_HEADER);
        } else {
            ipv4 = false;
            protocol = -1;
            src = dst = 0;
            srcPort = dstPort = -1;
            tcpFlags = 0;
        }
    }

    private void readIp(Message p, int base) {
        ipv4 = true;
        int end = p.length();
        protocol = p.u8(base + 9);
        src = p.i32(base + 12);
        dst = p.i32(base + 16);
        int ihl = (p.u8(base) & 0xF) * 4;
        boolean firstFragment = (p.u16(base + 6) & 0x1FFF) == 0;
        if (firstFragment && (protocol == TCP || protocol == UDP) && end >= base + ihl + 4) {
            srcPort = p.u16(base + ihl);
            dstPort = p.u16(base + ihl + 2);
        } else {
            srcPort = dstPort = -1;
        }
        tcpFlags = firstFragment && protocol == TCP && end >= base + ihl + 14 ? p.u8(base + ihl + 13) : 0;
    }
}
