package elvis.protocol.tcp;

import elvis.Simulation;
import elvis.link.FrameReceiver;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.machine.StackSpec;
import elvis.message.Checksum;
import elvis.message.Message;
import elvis.protocol.arp.NeighborDirectory;
import elvis.protocol.ethernet.Ethernet;
import elvis.protocol.ipv4.IpLayer;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A packetdrill-like harness: the endpoint under test is a real {@link Machine} on a zero-delay
 * LAN; a fake peer on the same LAN injects hand-made segments at exact virtual times and records
 * every segment the endpoint emits, with its emission time. The peer's sequence numbers are
 * absolute; the endpoint's are read relative to its ISN (learnt from its SYN or SYN-ACK).
 * {@link #alone} drives TCP alone instead, smoltcp-style: the machine's stack is TCP over a fake
 * network layer ({@link FakeIp}) that records what TCP sends and hands it what the peer injects,
 * with no device, Ethernet, IPv4 nor LAN.
 */
final class TcpScript {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final int DUT = Ipv4Address.parse("10.0.0.1"), PEER = Ipv4Address.parse("10.0.0.2");
    static final long PEER_MAC = 0x02_00_00_00_99_99L;
    static final int PEER_ISN = 1_000_000;
    /** The peer's port, both when it connects and when it is connected to. */
    static final int PEER_PORT = 5000;

    record Emitted(long timeNs, TcpSegment seg) { }

    final Simulation sim;
    final Machine dut;
    final Network lan;                 // null when TCP runs alone
    private final int peerPortOnLan;
    private final ArrayDeque<Emitted> emitted = new ArrayDeque<>();
    final List<Emitted> all = new ArrayList<>();
    Consumer<Emitted> onEmit = e -> { };
    int dutIsn;
    /** What the handler saw, e.g. "connected", "data 100", "peerClosed", "closed NORMAL". */
    final List<String> events = new ArrayList<>();
    TcpConnection connection;

    /**
     * The network layer below TCP when it runs alone: the endpoint's address is {@link #DUT}, every
     * destination is routable through a 1500-byte MTU, and what TCP sends is captured at once.
     */
    private final class FakeIp implements IpLayer {
        @Override public int sourceFor(int dst) { return DUT; }
        @Override public int mtuFor(int dst) { return 1500; }
        @Override public boolean isLocal(int ip) { return ip == DUT; }

        @Override
        public boolean send(int src, int dst, int protocol, Message payload, int options) {
            assertThat(protocol).isEqualTo(TcpSegment.PROTOCOL);
            assertThat(src).isEqualTo(DUT);
            assertThat(dst).isEqualTo(PEER);
            captureSegment(payload);
            return true;
        }
    }

    /** TCP alone over a fake network layer (see the class comment). */
    static TcpScript alone(TcpConfig config) { return new TcpScript(config, true); }

    TcpScript(TcpConfig config) { this(config, false); }

    private TcpScript(TcpConfig config, boolean alone) {
        sim = new Simulation(7);
        if (alone) {
            IpLayer ip = new FakeIp();
            StackSpec tcpOnly = StackSpec.builder().add(Tcp.KEY, m -> new Tcp(m, ip), StackSpec.Creation.EAGER).build();
            dut = sim.machine("dut", tcpOnly);
            Tcp.of(dut).config(config);
            lan = null;
            peerPortOnLan = -1;
            return;
        }
        lan = sim.network("lan", LinkConfig.UNLIMITED);
        dut = sim.machine("dut");
        var iface = sim.connect(dut, lan, "10.0.0.1/24");
        Tcp.of(dut).config(config);
        ((NeighborDirectory) iface.resolution()).add(PEER, PEER_MAC);
        peerPortOnLan = lan.attach(PEER_MAC, new FrameReceiver() {
            @Override public void receive(Message frame, long fcs) { capture(frame); }
            @Override public String name() { return "peer"; }
        });
    }

    /** Timestamps, SACK and window scaling off, no delayed ACK: the plainest RFC 9293 endpoint. */
    static TcpConfig plain() {
        return TcpConfig.DEFAULT.withTimestamps(false).withSack(false).withWindowScale(false).withDelayedAck(0)
                .withReceiveBuffer(65535);
    }

    private void capture(Message frame) {
        Message ip = frame.slice(Ethernet.HEADER);
        assertThat(ip.u8(9)).isEqualTo(TcpSegment.PROTOCOL);
        captureSegment(ip.slice(20, ip.u16(2) - 20));
    }

    private void captureSegment(Message tcp) {
        assertThat(Checksum.verifies(TcpSegment.pseudoHeaderSum(DUT, PEER, tcp.length()) + Message.wrap(tcp.toByteArray()).onesSum()))
                .as("checksum of an emitted segment").isTrue();
        TcpSegment s = TcpSegment.parse(tcp, new byte[60]);
        assertThat(s).isNotNull();
        if (s.has(TcpSegment.SYN)) dutIsn = s.seq;
        Emitted e = new Emitted(sim.kernel().now(), s);
        emitted.add(e);
        all.add(e);
        onEmit.accept(e);
    }

    /** A handler that logs every event into {@link #events}. */
    ConnectionHandler recorder() {
        return new ConnectionHandler() {
            @Override public void connected(TcpConnection c) { events.add("connected"); }
            @Override public void data(TcpConnection c, Message d) { events.add("data " + d.length()); }
            @Override public void writable(TcpConnection c) { events.add("writable"); }
            @Override public void peerClosed(TcpConnection c) { events.add("peerClosed"); }
            @Override public void closed(TcpConnection c, CloseReason r) { events.add("closed " + r); }
        };
    }

    // ------------------------------------------------------------- driving

    void at(long timeNs, Runnable action) { sim.kernel().at(timeNs, action); }

    void runUntil(long timeNs) { sim.runUntil(timeNs); }

    /** Sends a segment from the peer's port to the endpoint now. */
    void inject(int dstPort, int flags, int seq, int ack, int window, TcpSegment.Options o, Message payload) {
        injectRaw(TcpSegment.header(PEER, DUT, PEER_PORT, dstPort, seq, ack, flags, window, o, payload), payload);
    }

    void injectRaw(byte[] tcpHeader, Message payload) {
        Message tcp = payload.prepend(tcpHeader);
        if (lan == null) {   // alone: handed to TCP in its own event of this instant, as a zero-delay link would
            sim.kernel().schedule(0, () -> Tcp.of(dut).receive(tcp, 0, PEER, DUT, null));
            return;
        }
        byte[] ip = new byte[20];
        ip[0] = 0x45;
        ip[2] = (byte) ((20 + tcp.length()) >>> 8);
        ip[3] = (byte) (20 + tcp.length());
        ip[8] = 64;
        ip[9] = TcpSegment.PROTOCOL;
        Ipv4.putInt(ip, 12, PEER);
        Ipv4.putInt(ip, 16, DUT);
        int ck = Checksum.of(ip, 0, 20);
        ip[10] = (byte) (ck >>> 8);
        ip[11] = (byte) ck;
        byte[] eth = new byte[14];
        Ethernet.putMac(eth, 0, dut.nic(0).mac());
        Ethernet.putMac(eth, 6, PEER_MAC);
        eth[12] = 0x08;
        lan.transmit(peerPortOnLan, tcp.prepend(ip).prepend(eth));
    }

    // ------------------------------------------------------------- checking

    /** The next emitted segment (in order), which must exist. */
    TcpSegment next() {
        assertThat(emitted).as("a segment emitted by the endpoint").isNotEmpty();
        return emitted.poll().seg;
    }

    /** The next emitted segment, which must have been emitted at exactly {@code timeNs}. */
    TcpSegment nextAt(long timeNs) {
        assertThat(emitted).as("a segment emitted by the endpoint at " + timeNs).isNotEmpty();
        Emitted e = emitted.poll();
        assertThat(e.timeNs).as("emission time of " + e.seg).isEqualTo(timeNs);
        return e.seg;
    }

    void expectNothing() { assertThat(emitted).as("no further segment").isEmpty(); }

    int pending() { return emitted.size(); }

    /** The endpoint's sequence number relative to its ISN. */
    int rel(int seq) { return seq - dutIsn; }

    static TcpSegment.Options mssOption(int mss) {
        TcpSegment.Options o = new TcpSegment.Options();
        o.mss = mss;
        return o;
    }

    /**
     * Active open from the endpoint to the peer's port at time 0, answered by the peer after {@code rttNs}
     * with a SYN-ACK carrying {@code synAckOptions} and {@code window}; consumes the SYN and the ACK.
     */
    TcpConnection activeOpen(long rttNs, int window, TcpSegment.Options synAckOptions) {
        at(0, () -> connection = Tcp.of(dut).connect(PEER, PEER_PORT, null, recorder()));
        runUntil(0);
        TcpSegment syn = nextAt(0);
        assertThat(syn.flags).isEqualTo(TcpSegment.SYN);
        at(rttNs, () -> inject(connection.localPort(), TcpSegment.SYN | TcpSegment.ACK, PEER_ISN, syn.seq + 1, window,
                synAckOptions, Message.EMPTY));
        runUntil(rttNs);
        TcpSegment ack = nextAt(rttNs);
        assertThat(ack.flags).isEqualTo(TcpSegment.ACK);
        assertThat(ack.ack).isEqualTo(PEER_ISN + 1);
        assertThat(connection.state()).isEqualTo(TcpState.ESTABLISHED);
        return connection;
    }

    /** The peer's next sequence number (its data and FIN advance it). */
    int peerSeq = PEER_ISN + 1;

    /** An ACK from the peer of the endpoint's relative sequence {@code relAck}, now. */
    void ack(int relAck, int window) { ack(relAck, window, null); }

    void ack(int relAck, int window, TcpSegment.Options o) {
        inject(connection.localPort(), TcpSegment.ACK, peerSeq, dutIsn + relAck, window, o, Message.EMPTY);
    }

    /** Peer data (or FIN with {@code fin}) at the peer's next sequence number, acknowledging {@code relAck}. */
    void send(int bytes, int relAck, int window, boolean fin) {
        inject(connection.localPort(), TcpSegment.ACK | (fin ? TcpSegment.FIN : 0), peerSeq, dutIsn + relAck, window, null,
                Message.zeros(bytes));
        peerSeq += bytes + (fin ? 1 : 0);
    }
}
