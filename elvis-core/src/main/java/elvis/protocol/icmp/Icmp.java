package elvis.protocol.icmp;

import elvis.machine.Machine;
import elvis.machine.Protocol;
import elvis.machine.ProtocolKey;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.protocol.ipv4.IpUpper;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ICMP (RFC 792) with the host and router rules of RFC 1122 §3.2.2 and RFC 1812 §4.3: echo
 * requests answered (unless {@link IcmpConfig#echoReply() turned off}), echo replies and errors
 * about this machine's echo requests handed to its ping sockets ({@link EchoSession}), other errors
 * handed to the transport that sent the quoted datagram ({@link Ipv4#controlMessage}). As IPv4's
 * {@link ErrorReporter} it sends destination-unreachable and time-exceeded messages quoting the
 * offending datagram's IP header and the first 8 bytes of its payload (RFC 792; RFC 1812
 * §4.3.2.3 allows more, which tells a transport nothing it needs), never about an ICMP error, a
 * datagram to or from a broadcast or multicast address, or a fragment other than the first, and
 * at most as fast as one token bucket per machine allows (RFC 1812 §4.3.2.8; fragmentation needed,
 * which path MTU discovery depends on, is exempt, as in Linux). Made on demand: by
 * an ICMP message arriving, by IPv4's first error, or by a ping socket, so a quiet machine holds none.
 */
public final class Icmp extends Protocol implements IpUpper, ErrorReporter {
    public static final ProtocolKey<Icmp> KEY = new ProtocolKey<>("icmp", Icmp.class);
    public static final int PROTOCOL = ErrorReporter.PROTOCOL;
    public static final int HEADER = 8;
    public static final int ECHO_REPLY = 0;
    public static final int ECHO_REQUEST = 8;
    /** Bytes of the offending datagram's payload an error quotes (RFC 792). */
    public static final int QUOTED_PAYLOAD = 8;

    private static final int RECEIVED = 0, SENT = 1 << 16;
    private static final EchoSession[] NO_SESSIONS = new EchoSession[0];

    private final Ipv4 ipv4;
    private IcmpConfig config = IcmpConfig.DEFAULT;
    private long bucket = -1;              // the rate limiter's credit, in virtual time; -1: full, never used
    private long bucketAt;                 // when the credit was last brought up to date
    private int[] counterKeys;             // (direction | type << 8 | code), made at the first count
    private long[] counts;
    private EchoSession[] sessions = NO_SESSIONS;
    private int nextIdentifier = 1;

    public Icmp(Machine machine) {
        super(machine);
        ipv4 = Ipv4.of(machine);
    }

    /** {@code machine}'s ICMP, made now if it was not. */
    public static Icmp of(Machine machine) { return machine.protocol(KEY); }

    public IcmpConfig config() { return config; }

    public Icmp config(IcmpConfig config) {
        this.config = java.util.Objects.requireNonNull(config);
        return this;
    }

    // ---- receiving

    @Override
    public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) {
        Message m = datagram.slice(headerLength);
        int ttl = headerLength >= Ipv4.HEADER ? datagram.u8(8) : 0;     // a test may hand the message alone
        int len = m.length();
        if (len < HEADER) { drop(IcmpDrop.MALFORMED); return; }
        if (!Checksum.verifies(m.onesSum())) { drop(IcmpDrop.ICMP_CHECKSUM); return; }
        int type = m.u8(0), code = m.u8(1);
        count(RECEIVED, type, code);
        switch (type) {
            case ECHO_REQUEST -> answerEcho(m, src, dst, iface);
            case ECHO_REPLY -> {
                EchoSession s = find(m.u16(4));
                if (s == null) drop(IcmpDrop.NO_ECHO_SOCKET);
                else s.handler.echo(ECHO_REPLY, code, src, m.u16(6), ttl, m.slice(HEADER));
            }
            case DESTINATION_UNREACHABLE, TIME_EXCEEDED -> error(m, type, code, src, ttl);
            default -> drop(IcmpDrop.ICMP_UNKNOWN_TYPE);
        }
    }

    private void answerEcho(Message request, int src, int dst, Ipv4Interface iface) {
        // Not to a broadcast (Linux's icmp_echo_ignore_broadcasts), nor when turned off.
        if (!config.echoReply() || dst == -1 || Ipv4Address.isMulticast(dst) || (iface != null && iface.isBroadcast(dst))) {
            drop(IcmpDrop.ECHO_IGNORED);
            return;
        }
        int code = request.u8(1);
        byte[] h = new byte[4];
        h[1] = (byte) code;
        int ck = Checksum.update(request.u16(2), ECHO_REQUEST << 8 | code, code);   // only the type changes
        h[2] = (byte) (ck >>> 8);
        h[3] = (byte) ck;
        if (ipv4.send(dst, src, PROTOCOL, request.slice(4).prepend(h))) count(SENT, ECHO_REPLY, code);
    }

    /** An error about a datagram this machine sent: to the ping socket or the transport that sent it. */
    private void error(Message m, int type, int code, int reporter, int ttl) {
        Message quoted = m.slice(HEADER);
        int ihl = quoted.length() < 1 ? 0 : (quoted.u8(0) & 0xF) * 4;
        if (quoted.length() < Ipv4.HEADER || ihl < Ipv4.HEADER || quoted.length() < ihl + 8) { drop(IcmpDrop.MALFORMED); return; }
        if (quoted.u8(9) == PROTOCOL) {
            if (quoted.u8(ihl) != ECHO_REQUEST) { drop(IcmpDrop.UNMATCHED_ERROR); return; }
            EchoSession s = find(quoted.u16(ihl + 4));
            if (s == null) drop(IcmpDrop.NO_ECHO_SOCKET);
            else s.handler.echo(type, code, reporter, quoted.u16(ihl + 6), ttl, Message.EMPTY);
            return;
        }
        if (!ipv4.controlMessage(type, code, m.i32(4), reporter, quoted)) drop(IcmpDrop.UNMATCHED_ERROR);
    }

    // ---- reporting IPv4's errors

    @Override
    public void report(int type, int code, int info, Message d, Ipv4Interface in) {
        int len = d.length();
        if (len < Ipv4.HEADER) return;
        int ihl = (d.u8(0) & 0xF) * 4;
        if (ihl < Ipv4.HEADER || len < ihl) return;
        if ((d.u16(6) & 0x1FFF) != 0) return;                     // not the first fragment
        int src = d.i32(12), dst = d.i32(16);
        // Our own datagram too big with DF: the transport hears at once (Linux's EMSGSIZE and path MTU
        // update), no error travels to ourselves. Other errors about our own datagrams (ARP finding no
        // one) come back through loopback as real messages, so ping sockets see them as on Linux.
        if (in == null && type == DESTINATION_UNREACHABLE && code == FRAGMENTATION_NEEDED && ipv4.isLocal(src)) {
            ipv4.controlMessage(type, code, info, src, d.slice(0, Math.min(len, ihl + QUOTED_PAYLOAD)));
            return;
        }
        if (!unicast(dst, in) || !unicast(src, in) || (src >>> 24) == 127) return;
        if (d.u8(9) == PROTOCOL && (len < ihl + 1 || !isQuery(d.u8(ihl)))) return;   // never about an ICMP error
        // Fragmentation needed is never limited (as in Linux): path MTU discovery depends on it.
        boolean limited = !(type == DESTINATION_UNREACHABLE && code == FRAGMENTATION_NEEDED);
        if (limited && !takeToken()) { drop(IcmpDrop.ICMP_RATE_LIMITED); return; }
        Message quote = d.slice(0, Math.min(len, ihl + QUOTED_PAYLOAD));
        byte[] h = new byte[HEADER];
        h[0] = (byte) type;
        h[1] = (byte) code;
        Ipv4.putInt(h, 4, info);
        int ck = Checksum.finish((long) Checksum.sum(h, 0, HEADER) + quote.onesSum());
        h[2] = (byte) (ck >>> 8);
        h[3] = (byte) ck;
        if (ipv4.send(src, PROTOCOL, quote.prepend(h))) count(SENT, type, code);
    }

    private static boolean unicast(int ip, Ipv4Interface in) {
        return ip != 0 && ip != -1 && !Ipv4Address.isMulticast(ip) && (in == null || !in.isBroadcast(ip));
    }

    /** An ICMP query or reply (echo, timestamp, information, address mask): an error may be sent about it. */
    private static boolean isQuery(int type) {
        return type == ECHO_REPLY || type == ECHO_REQUEST || (type >= 13 && type <= 18);
    }

    /** Takes one error's worth of credit from the bucket, refilled with virtual time; false when empty. */
    private boolean takeToken() {
        long token = config.tokenNs();
        if (token == 0) return true;
        long now = machine.sim().now();
        long capacity = config.bucketNs();
        long credit = bucket < 0 ? capacity : Math.min(capacity, bucket + (now - bucketAt));
        bucketAt = now;
        if (credit < token) {
            bucket = credit;
            return false;
        }
        bucket = credit - token;
        return true;
    }

    // ---- ping sockets

    /** Opens a ping socket's session with an identifier no other session of this machine has. */
    public EchoSession openEcho(EchoHandler handler) {
        for (int tries = 0; tries < 65536; tries++) {
            int id = nextIdentifier;
            nextIdentifier = (id + 1) & 0xFFFF;
            if (id != 0 && find(id) == null) {
                EchoSession s = new EchoSession(this, id, handler);
                sessions = Arrays.copyOf(sessions, sessions.length + 1);
                sessions[sessions.length - 1] = s;
                return s;
            }
        }
        throw new IllegalStateException("no free ICMP identifier on " + machine.name());
    }

    void close(EchoSession s) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] == s) {
                EchoSession[] fewer = new EchoSession[sessions.length - 1];
                System.arraycopy(sessions, 0, fewer, 0, i);
                System.arraycopy(sessions, i + 1, fewer, i, fewer.length - i);
                sessions = fewer;
                return;
            }
        }
    }

    private EchoSession find(int identifier) {
        for (EchoSession s : sessions) if (s.identifier() == identifier) return s;
        return null;
    }

    boolean sendEcho(int dst, int identifier, int sequence, Message data, int ttl) {
        byte[] h = new byte[HEADER];
        h[0] = (byte) ECHO_REQUEST;
        h[4] = (byte) (identifier >>> 8);
        h[5] = (byte) identifier;
        h[6] = (byte) (sequence >>> 8);
        h[7] = (byte) sequence;
        int ck = Checksum.finish((long) Checksum.sum(h, 0, HEADER) + data.onesSum());
        h[2] = (byte) (ck >>> 8);
        h[3] = (byte) ck;
        boolean sent = ipv4.send(0, dst, PROTOCOL, data.prepend(h), ttl);
        if (sent) count(SENT, ECHO_REQUEST, 0);
        return sent;
    }

    // ---- counters

    private void count(int direction, int type, int code) {
        int key = direction | type << 8 | code;
        if (counterKeys == null) {
            counterKeys = new int[] {key};
            counts = new long[1];
        }
        int i = 0;
        while (i < counterKeys.length && counterKeys[i] != key) i++;
        if (i == counterKeys.length) {
            counterKeys = Arrays.copyOf(counterKeys, i + 1);
            counts = Arrays.copyOf(counts, i + 1);
            counterKeys[i] = key;
        }
        counts[i]++;
    }

    private long counter(int key) {
        if (counterKeys != null) for (int i = 0; i < counterKeys.length; i++) if (counterKeys[i] == key) return counts[i];
        return 0;
    }

    /** Messages of {@code type}/{@code code} this machine sent. */
    public long sent(int type, int code) { return counter(SENT | type << 8 | code); }

    /** Well-formed messages of {@code type}/{@code code} this machine received. */
    public long received(int type, int code) { return counter(RECEIVED | type << 8 | code); }

    /** Every nonzero counter, as "sent 11/0" or "received 0/0", in the order first counted. */
    public Map<String, Long> counters() {
        Map<String, Long> all = new LinkedHashMap<>();
        if (counterKeys != null) for (int i = 0; i < counterKeys.length; i++) {
            int k = counterKeys[i];
            all.put(((k & SENT) != 0 ? "sent " : "received ") + ((k >>> 8) & 0xFF) + "/" + (k & 0xFF), counts[i]);
        }
        return all;
    }
}
