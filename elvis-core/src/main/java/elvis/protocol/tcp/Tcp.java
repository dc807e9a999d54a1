package elvis.protocol.tcp;

import elvis.machine.Application;
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
import elvis.sim.RandomStream;
import elvis.util.LongIntMap;

import java.util.Arrays;
import java.util.List;

/**
 * TCP (RFC 9293) on one machine: demultiplexes segments to connections and listeners, answers
 * segments for nobody with a RST (RFC 9293 §3.10.7.1), and draws initial sequence numbers from the
 * machine's seeded random stream, so runs are reproducible.
 */
public final class Tcp extends Protocol implements IpUpper {
    public static final ProtocolKey<Tcp> KEY = new ProtocolKey<>("tcp", Tcp.class);
    public static final int EPHEMERAL_FIRST = 49152;

    private TcpConfig config = TcpConfig.DEFAULT;
    // Connections in no particular order (removal swaps the last one in). Most machines have a few
    // and scan them; past INDEX_AT connections, hash indexes take over (a server with thousands).
    private static final int INDEX_AT = 8;
    // Machines that only list TCP hold nothing of their own until they use it: shared empty arrays, a
    // parse buffer made on the first segment.
    private static final TcpConnection[] NO_CONNECTIONS = new TcpConnection[0];
    private static final TcpListener[] NO_LISTENERS = new TcpListener[0];
    private TcpConnection[] connections = NO_CONNECTIONS;
    private int connectionCount;
    private LongIntMap slotByKey;                 // key(localPort, remotePort, remoteIp) -> slot
    private LongIntMap connectionsOnPort;         // local port -> number of connections using it
    private boolean sharedKeys;                   // some key has had two connections (on different local addresses)
    private TcpListener[] listeners = NO_LISTENERS;
    private TcpConnection lastHit;                // one-entry cache: bulk traffic hits the same connection
    private byte[] scratch;
    private RandomStream isnRandom;
    private int nextEphemeral = EPHEMERAL_FIRST;

    private final IpLayer ip;

    public Tcp(Machine machine) { this(machine, Ipv4.of(machine)); }

    /** TCP over {@code ip}: a fake network layer lets a test drive TCP alone, without a LAN. */
    public Tcp(Machine machine, IpLayer ip) {
        super(machine);
        this.ip = ip;
    }

    /** {@code machine}'s TCP, made on first use. */
    public static Tcp of(Machine machine) { return machine.protocol(KEY); }

    /** The network layer below. */
    IpLayer ip() { return ip; }

    /** Connections this machine holds, in any state from SYN-SENT or SYN-RECEIVED to TIME-WAIT. */
    public int connectionCount() { return connectionCount; }

    public TcpConfig config() { return config; }

    /** Sets the parameters of connections opened from now on. */
    public Tcp config(TcpConfig config) {
        this.config = java.util.Objects.requireNonNull(config);
        return this;
    }

    /** Listens on {@code port}; at most {@code backlog} connections wait in SYN-RECEIVED. */
    public TcpListener listen(int port, int backlog, Application owner, AcceptHandler handler) {
        return listen(port, backlog, null, owner, handler);
    }

    /** As {@link #listen(int, int, Application, AcceptHandler)}; accepted connections use {@code config} (null = this TCP's). */
    public TcpListener listen(int port, int backlog, TcpConfig config, Application owner, AcceptHandler handler) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        if (backlog < 1) throw new IllegalArgumentException("backlog must be positive: " + backlog);
        if (listener(port) != null) throw new IllegalStateException("TCP port " + port + " already listening on " + machine.name());
        TcpListener l = new TcpListener(this, port, backlog, config, owner, handler);
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = l;
        return l;
    }

    void unlisten(TcpListener l) {
        for (int i = 0; i < listeners.length; i++) {
            if (listeners[i] == l) {        // a plain copy: a stream costs more than the rest of a socket's close
                TcpListener[] rest = new TcpListener[listeners.length - 1];
                System.arraycopy(listeners, 0, rest, 0, i);
                System.arraycopy(listeners, i + 1, rest, i, rest.length - i);
                listeners = rest;
                return;
            }
        }
    }

    /** Active open towards dstIp:dstPort from an ephemeral port; events go to {@code handler}. */
    public TcpConnection connect(int dstIp, int dstPort, Application owner, ConnectionHandler handler) {
        return connect(0, dstIp, dstPort, config, owner, handler);
    }

    /**
     * Active open from {@code localPort} (0 = an ephemeral port) with {@code config} (null = the
     * machine's, as for {@link #listen}), for sockets bound first.
     */
    public TcpConnection connect(int localPort, int dstIp, int dstPort, TcpConfig config, Application owner, ConnectionHandler handler) {
        return connect(0, localPort, dstIp, dstPort, config, owner, handler);
    }

    /**
     * As {@link #connect(int, int, int, TcpConfig, Application, ConnectionHandler)} from this machine's
     * address {@code localIp} (0: the one the route towards {@code dstIp} leaves by), as a socket bound
     * to an address does: a BGP session between two routers' configured addresses.
     */
    public TcpConnection connect(int localIp, int localPort, int dstIp, int dstPort, TcpConfig config, Application owner, ConnectionHandler handler) {
        if (config == null) config = this.config;
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("port must be 1..65535: " + dstPort);
        if (localPort < 0 || localPort > 65535) throw new IllegalArgumentException("port out of range: " + localPort);
        if (localIp != 0 && !ip.isLocal(localIp))
            throw new IllegalArgumentException(elvis.protocol.ipv4.Ipv4Address.format(localIp) + " is not an address of " + machine.name());
        int src = localIp != 0 ? localIp : ip.sourceFor(dstIp);
        if (localPort != 0 && find(src, localPort, dstIp, dstPort) != null)
            throw new IllegalStateException("TCP connection " + localPort + "->" + dstPort + " already exists on " + machine.name());
        TcpConnection c = new TcpConnection(this, config, src, localPort == 0 ? ephemeralPort() : localPort, dstIp, dstPort, owner, handler);
        add(c);
        c.openActive(isn());
        return c;
    }

    /** Connections that exist now (any state but CLOSED), for inspection; the order is not meaningful. */
    public List<TcpConnection> connections() { return List.of(Arrays.copyOf(connections, connectionCount)); }

    @Override
    public void receive(Message datagram, int headerLength, int src, int dst, Ipv4Interface iface) {
        Message segment = datagram.slice(headerLength);
        int len = segment.length();
        if (len < TcpSegment.HEADER) { drop(TcpDrop.MALFORMED); return; }
        if (!Checksum.verifies(TcpSegment.pseudoHeaderSum(src, dst, len) + segment.onesSum())) {
            drop(TcpDrop.TCP_CHECKSUM);
            return;
        }
        if (scratch == null) scratch = new byte[60];
        TcpSegment s = TcpSegment.parse(segment, scratch);
        if (s == null) { drop(TcpDrop.MALFORMED); return; }
        TcpConnection c = find(dst, s.dstPort, src, s.srcPort);
        if (c == null && !ip.isLocal(dst)) {   // to a broadcast address: RFC 1122 §4.2.3.10, no SYN-ACK, no RST
            drop(TcpDrop.NOT_FOR_US);
            return;
        }
        s.ce = c != null && c.ecnNegotiated() && (datagram.u8(1) & 3) == 3;   // the ECN field (RFC 3168 §5), read only when agreed
        if (c != null) { c.segmentArrived(s); return; }
        TcpListener l = listener(s.dstPort);
        if (l != null) listenArrived(l, s, src, dst);
        else closedArrived(s, src, dst);
    }

    /** RFC 9293 §3.10.7.2: the LISTEN state. */
    private void listenArrived(TcpListener l, TcpSegment s, int src, int dst) {
        if (s.has(TcpSegment.RST)) return;
        if (s.has(TcpSegment.ACK)) { sendReset(dst, src, s.dstPort, s.srcPort, s.ack, 0, false); return; }
        if (!s.has(TcpSegment.SYN)) return;
        if (l.halfOpen >= l.backlog()) { drop(TcpDrop.TCP_BACKLOG); return; }
        l.halfOpen++;
        TcpConnection c = new TcpConnection(this, l.config != null ? l.config : config, dst, s.dstPort, src, s.srcPort, l.owner, null);
        add(c);
        c.openPassive(isn(), l, s);
    }

    /** RFC 9293 §3.10.7.1: a segment for no connection is answered with a RST unless it is one. */
    private void closedArrived(TcpSegment s, int src, int dst) {
        drop(TcpDrop.NO_PORT);
        if (s.has(TcpSegment.RST)) return;
        if (s.has(TcpSegment.ACK)) sendReset(dst, src, s.dstPort, s.srcPort, s.ack, 0, false);
        else sendReset(dst, src, s.dstPort, s.srcPort, 0, s.seq + s.seqLength(), true);
    }

    void sendReset(int src, int dst, int srcPort, int dstPort, int seq, int ack, boolean withAck) {
        int flags = TcpSegment.RST | (withAck ? TcpSegment.ACK : 0);
        ip.send(src, dst, TcpSegment.PROTOCOL, TcpSegment.segment(src, dst, srcPort, dstPort, seq, ack, flags, 0, null, Message.EMPTY), IP_OPTIONS);
    }

    /** Sends a connection's segment; {@code ect}: ECN-capable (new data of a connection that agreed on ECN). */
    void transmit(TcpConnection c, int seq, int ack, int flags, int window, TcpSegment.Options o, Message payload, boolean ect) {
        ip.send(c.localIp, c.remoteIp, TcpSegment.PROTOCOL,
                TcpSegment.segment(c.localIp, c.remoteIp, c.localPort, c.remotePort, seq, ack, flags, window, o, payload),
                ect ? IP_OPTIONS | IpLayer.ECT0 : IP_OPTIONS);
    }

    /** Every segment carries DF: path MTU discovery (RFC 1191 §6, RFC 9293 §3.7.2). */
    private static final int IP_OPTIONS = IpLayer.DEFAULT_OPTIONS | IpLayer.DONT_FRAGMENT;

    private int isn() {
        if (isnRandom == null) isnRandom = machine.sim().random(machine.name() + "/tcp-isn");
        return (int) isnRandom.nextLong();
    }

    /**
     * An ICMP error about a segment we sent (RFC 1122 §4.2.3.9, RFC 5927): to the connection it names,
     * which checks the quoted sequence number. Frag-needed (IPv4 has already lowered the path MTU)
     * shrinks the connection's segments when that number is one it has in flight (RFC 1191 §6,
     * RFC 5927 §7.2: a forged error cannot shrink them at will).
     */
    @Override
    public void controlMessage(int type, int code, int info, int reporter, Message quoted) {
        int ihl = (quoted.u8(0) & 0xF) * 4;           // IPv4 checked that 8 bytes follow the header
        TcpConnection c = find(quoted.i32(12), quoted.u16(ihl), quoted.i32(16), quoted.u16(ihl + 2));
        if (type == ErrorReporter.DESTINATION_UNREACHABLE && code == ErrorReporter.FRAGMENTATION_NEEDED) {
            if (c != null) c.pathMtuDecreased(quoted.i32(ihl + 4), ip.mtuFor(c.remoteIp));
            return;
        }
        if (c == null) drop(TcpDrop.ICMP_NO_CONNECTION);
        else if (!c.icmpError(type, code, quoted.i32(ihl + 4))) drop(TcpDrop.ICMP_OUT_OF_WINDOW);
    }

    private TcpConnection find(int localIp, int localPort, int remoteIp, int remotePort) {
        TcpConnection c = lastHit;
        if (c != null && matches(c, localIp, localPort, remoteIp, remotePort)) return c;
        if (slotByKey != null) {
            int slot = slotByKey.get(key(localPort, remotePort, remoteIp), -1);
            if (slot < 0) return null;                 // every key in use is indexed: no such connection
            if (matches(connections[slot], localIp, localPort, remoteIp, remotePort)) return lastHit = connections[slot];
            if (!sharedKeys) return null;
            // The same ports and peer on another local address of a multi-homed machine: scan.
        }
        for (int i = 0; i < connectionCount; i++) {
            c = connections[i];
            if (matches(c, localIp, localPort, remoteIp, remotePort)) return lastHit = c;
        }
        return null;
    }

    private static boolean matches(TcpConnection c, int localIp, int localPort, int remoteIp, int remotePort) {
        return c.localPort == localPort && c.remotePort == remotePort && c.remoteIp == remoteIp && c.localIp == localIp;
    }

    private static long key(int localPort, int remotePort, int remoteIp) {
        return ((long) localPort << 48) | ((long) remotePort << 32) | (remoteIp & 0xFFFF_FFFFL);
    }

    private TcpListener listener(int port) {
        for (TcpListener l : listeners) if (l.port() == port) return l;
        return null;
    }

    private void add(TcpConnection c) {
        if (connectionCount == connections.length) connections = Arrays.copyOf(connections, Math.max(4, connectionCount * 2));
        c.slot = connectionCount;
        connections[connectionCount++] = c;
        if (slotByKey == null && connectionCount > INDEX_AT) {
            slotByKey = new LongIntMap(connectionCount * 2);
            connectionsOnPort = new LongIntMap(connectionCount * 2);
            for (int i = 0; i < connectionCount; i++) index(connections[i]);
        } else if (slotByKey != null) {
            index(c);
        }
    }

    private void index(TcpConnection c) {
        long k = key(c.localPort, c.remotePort, c.remoteIp);
        if (!slotByKey.containsKey(k)) slotByKey.put(k, c.slot);
        else sharedKeys = true;
        connectionsOnPort.put(c.localPort, connectionsOnPort.get(c.localPort, 0) + 1);
    }

    void remove(TcpConnection c) {
        int i = c.slot;
        if (i >= connectionCount || connections[i] != c) return;   // already removed
        if (lastHit == c) lastHit = null;
        TcpConnection last = connections[--connectionCount];
        connections[connectionCount] = null;
        if (slotByKey != null) {
            long k = key(c.localPort, c.remotePort, c.remoteIp);
            if (slotByKey.get(k, -1) == i) slotByKey.remove(k);
            int n = connectionsOnPort.get(c.localPort, 0) - 1;
            if (n > 0) connectionsOnPort.put(c.localPort, n);
            else connectionsOnPort.remove(c.localPort);
        }
        if (last != c) {
            connections[i] = last;
            last.slot = i;
            if (slotByKey != null) {
                long k = key(last.localPort, last.remotePort, last.remoteIp);
                if (slotByKey.get(k, -1) == connectionCount) slotByKey.put(k, i);
            }
        }
        // A connection on the same key that the index could not hold (multi-homed) takes the freed key.
        if (sharedKeys) {
            long k = key(c.localPort, c.remotePort, c.remoteIp);
            if (!slotByKey.containsKey(k)) {
                for (int j = 0; j < connectionCount; j++) {
                    if (key(connections[j].localPort, connections[j].remotePort, connections[j].remoteIp) == k) { slotByKey.put(k, j); break; }
                }
            }
        }
    }

    private int ephemeralPort() {
        for (int tries = 0; tries <= 65535 - EPHEMERAL_FIRST; tries++) {
            int p = nextEphemeral;
            nextEphemeral = p == 65535 ? EPHEMERAL_FIRST : p + 1;
            if (!hasListener(p) && !hasConnection(p)) return p;
        }
        throw new IllegalStateException("no free ephemeral TCP port on " + machine.name());
    }

    /** Whether something listens on {@code port}. */
    public boolean hasListener(int port) { return listener(port) != null; }

    /** Whether a connection (TIME-WAIT included) uses local port {@code port}. */
    public boolean hasConnection(int port) {
        if (connectionsOnPort != null) return connectionsOnPort.get(port, 0) > 0;
        for (int i = 0; i < connectionCount; i++) if (connections[i].localPort == port) return true;
        return false;
    }
}
