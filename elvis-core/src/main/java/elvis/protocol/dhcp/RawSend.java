package elvis.protocol.dhcp;

import elvis.link.Network;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.Ipv4Interface;

/**
 * Sends a DHCP message as a whole IPv4/UDP datagram straight out of one interface to one MAC, the
 * way dhclient and dhcpd use a raw packet socket: a client without an address sends from 0.0.0.0
 * to the limited broadcast, and a server answers a client that has no address yet at its hardware
 * address (RFC 2131 §4.1), neither of which routing nor ARP could do.
 */
final class RawSend {
    private static final int IP_HEADER = 20, UDP_HEADER = 8, UDP = 17, TTL = 64;

    private RawSend() { }

    /** Broadcasts {@code m} out of {@code iface} from {@code src}:{@code srcPort} to 255.255.255.255:{@code dstPort}. */
    static void broadcast(Ipv4Interface iface, int src, int srcPort, int dstPort, DhcpMessage m) {
        send(iface, Network.BROADCAST, src, srcPort, -1, dstPort, m);
    }

    /** Sends {@code m} out of {@code iface} to {@code mac} as an IPv4 datagram from {@code src}:{@code srcPort} to {@code dst}:{@code dstPort}. */
    static void send(Ipv4Interface iface, long mac, int src, int srcPort, int dst, int dstPort, DhcpMessage m) {
        send(iface, mac, src, srcPort, dst, dstPort, m.encode());
    }

    /** As {@link #send(Ipv4Interface, long, int, int, int, int, DhcpMessage)} with the message's bytes. */
    static void send(Ipv4Interface iface, long mac, int src, int srcPort, int dst, int dstPort, byte[] payload) {
        int udpLength = UDP_HEADER + payload.length, total = IP_HEADER + udpLength;
        byte[] b = new byte[total];
        b[0] = 0x45;
        b[2] = (byte) (total >>> 8);
        b[3] = (byte) total;
        b[8] = (byte) TTL;
        b[9] = (byte) UDP;
        DhcpMessage.putInt(b, 12, src);
        DhcpMessage.putInt(b, 16, dst);
        int ipCk = Checksum.of(b, 0, IP_HEADER);
        b[10] = (byte) (ipCk >>> 8);
        b[11] = (byte) ipCk;
        b[20] = (byte) (srcPort >>> 8);
        b[21] = (byte) srcPort;
        b[22] = (byte) (dstPort >>> 8);
        b[23] = (byte) dstPort;
        b[24] = (byte) (udpLength >>> 8);
        b[25] = (byte) udpLength;
        System.arraycopy(payload, 0, b, IP_HEADER + UDP_HEADER, payload.length);
        long pseudo = Checksum.addInt(Checksum.addInt(0, src), dst) + UDP + udpLength;
        int udpCk = Checksum.finish(pseudo + Checksum.sum(b, IP_HEADER, udpLength));
        if (udpCk == 0) udpCk = 0xFFFF;
        b[26] = (byte) (udpCk >>> 8);
        b[27] = (byte) udpCk;
        Ethernet.of(iface.device().machine()).send(iface.device(), mac, Ethernet.TYPE_IPV4, Message.wrap(b));
    }
}
