package elvis.protocol.udp;

import elvis.link.FloodInterest;
import elvis.link.FloodKey;
import elvis.machine.Application;
import elvis.machine.FloodListener;
import elvis.machine.Nic;
import elvis.machine.Machine;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.IpLayer;
import elvis.protocol.ipv4.IpUpper;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;

import java.util.Arrays;

/**
 * UDP (RFC 768) with the checksum always computed on send and verified on receive when present.
 * The payload's ones'-complement sum is cached in its {@link Message}, so resending the same payload
 * (or a synthetic zero payload) costs only the 8-byte header and the pseudo-header.
 */
public final class Udp extends Protocol implements IpUpper, FloodListener {
    public static final ProtocolKey<Udp> KEY = new ProtocolKey<>("udp", Udp.class);
    public static final int PROTOCOL = 17;
    public static final int HEADER = 8;
    public static final int EPHEMERAL_FIRST = 49152;

    private static final UdpSession[] NO_SESSIONS = new UdpSession[0];

    private final IpLayer ip;
    private UdpSession[] sessions = NO_SESSIONS;   // few per machine: a linear scan beats hashing
    private int nextEphemeral = EPHEMERAL_FIRST;

    public Udp(Machine machine) { this(machine, Ipv4.of(machine)); }

    /** UDP over {@code ip} (a fake network layer in a test). */
    public Udp(Machine machine, IpLayer ip) {
        super(machine);
        this.ip = ip;
    }

    /** {@code machine}'s UDP, made on first use. */
    public static Udp of(Machine machine) { return machine.protocol(KEY); }

    /**
     * Binds {@code port} (0 = an unused ephemeral port) for {@code owner}; datagrams arriving there go
     * to {@code handler} from the kernel's upcall drain in the same instant (see {@link UdpSession}),
     * guarded so that a throwing handler fails only {@code owner}.
     */
    public UdpSession bind(int port, Application owner, DatagramHandler handler) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (port == 0) port = ephemeralPort();
        else if (find(port) != null) throw new IllegalStateException("UDP port " + port + " already in use on " + machine.name());
        UdpSession s = handler instanceof InterfaceHandler ? new InterfaceSession(this, port, owner, handler) : new UdpSession(this, port, owner, handler);
        sessions = Arrays.copyOf(sessions, sessions.length + 1);
        sessions[sessions.length - 1] = s;
        machine.floodInterestChanged();
        return s;
    }

    void unbind(UdpSession s) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] == s) {
                UdpSession[] fewer = new UdpSession[sessions.length - 1];
                System.arraycopy(sessions, 0, fewer, 0, i);
                System.arraycopy(sessions, i + 1, fewer, i, fewer.length - i);
                sessions = fewer;
                machine.floodInterestChanged();
                return;
            }
        }
    }

    /**
     * The ports bound here. A broadcast to any other port is counted (no_port) and, being to a
     * broadcast address, answered with nothing (ICMP sends no error about one); one to this machine's
     * address is IPv4's to declare.
     */
    @Override
    public boolean floodInterest(Nic device, FloodInterest keys) {
        for (UdpSession s : sessions) keys.want(FloodKey.udpPort(s.localPort()));
        return true;
    }

    private int ephemeralPort() {
        for (int tries = 0; tries <= 65535 - EPHEMERAL_FIRST; tries++) {
            int p = nextEphemeral;
            nextEphemeral = p == 65535 ? EPHEMERAL_FIRST : p + 1;
            if (find(p) == null) return p;
        }
        throw new IllegalStateException("no free ephemeral UDP port on " + machine.name());
    }

    private UdpSession find(int port) {
        for (UdpSession s : sessions) if (s.localPort() == port) return s;
        return null;
    }

    boolean send(int srcPort, int dst, int dstPort, Message payload, int ttl) {
        int len = HEADER + payload.length();
        if (len > 65535) { drop(UdpDrop.TOO_BIG); return false; }
        int src = ip.sourceFor(dst);
        Message datagram = datagram(src, srcPort, dst, dstPort, payload, len);
        return ttl == Ipv4.DEFAULT_TTL ? ip.send(src, dst, PROTOCOL, datagram) : ip.send(src, dst, PROTOCOL, datagram, ttl);
    }

    boolean sendVia(Ipv4Interface out, int srcPort, int dst, int dstPort, Message payload, int ttl) {
        int len = HEADER + payload.length();
        if (len > 65535) { drop(UdpDrop.TOO_BIG); return false; }
        int src = out.address();
        return ip.sendVia(out, src, dst, PROTOCOL, datagram(src, srcPort, dst, dstPort, payload, len), ttl);
    }

    /** {@code payload} behind a UDP header whose checksum covers {@code src} and {@code dst}. */
    private static Message datagram(int src, int srcPort, int dst, int dstPort, Message payload, int len) {
        byte[] h = new byte[HEADER];
        h[0] = (byte) (srcPort >>> 8);
        h[1] = (byte) srcPort;
        h[2] = (byte) (dstPort >>> 8);
        h[3] = (byte) dstPort;
        h[4] = (byte) (len >>> 8);
        h[5] = (byte) len;
        int headerSum = Checksum.sum(h, 0, HEADER);
        int ck = Checksum.finish(pseudoHeaderSum(src, dst, len) + headerSum + payload.onesSum());
        if (ck == 0) ck = 0xFFFF;            // 0 means "no checksum" in UDP
        h[6] = (byte) (ck >>> 8);
        h[7] = (byte) ck;
        // The source the checksum covers goes to IPv4 with the datagram: it is not looked up again.
        return payload.prepend(h, Checksum.fold((long) headerSum + ck));
    }

    static long pseudoHeaderSum(int src, int dst, int udpLength) {
        return Checksum.addInt(Checksum.addInt(0, src), dst) + PROTOCOL + udpLength;
    }

    @Override
    public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) {
        Message segment = datagram.slice(headerLength);
        int len = segment.length();
        if (len < HEADER || segment.u16(4) < HEADER || segment.u16(4) > len) { drop(UdpDrop.MALFORMED); return; }
        int udpLen = segment.u16(4);
        if (udpLen < len) segment = segment.slice(0, udpLen);
        if (segment.u16(6) != 0 && !Checksum.verifies(pseudoHeaderSum(src, dst, udpLen) + segment.onesSum())) {
            drop(UdpDrop.UDP_CHECKSUM);
            return;
        }
        UdpSession s = find(segment.u16(2));
        if (s == null) {
            drop(UdpDrop.NO_PORT);
            // Never about a broadcast (RFC 1122 §4.1.3.1): asking ICMP would make it on every machine a DHCP broadcast reaches.
            boolean broadcast = dst == -1 || (iface != null && iface.isBroadcast(dst));
            if (headerLength > 0 && !broadcast) ip.icmpError(ErrorReporter.DESTINATION_UNREACHABLE, ErrorReporter.PORT_UNREACHABLE, 0, datagram, iface);
            return;
        }
        s.arrived(segment.slice(HEADER), src, segment.u16(0), iface);
    }

    /** An ICMP error about a datagram sent from one of our ports: to that port's handler. */
    @Override
    public void controlMessage(int type, int code, int info, int reporter, Message quoted) {
        int ihl = (quoted.u8(0) & 0xF) * 4;           // IPv4 checked that 8 bytes follow the header
        UdpSession s = find(quoted.u16(ihl));
        if (s != null) s.handler.unreachable(type, code, reporter, quoted.i32(16), quoted.u16(ihl + 2));
    }
}
