package elvis.protocol.tcp;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.machine.Upcalls;
import elvis.message.Message;
import elvis.protocol.ipv4.ErrorReporter;
import elvis.sim.Simulator;

import java.util.ArrayDeque;

import static elvis.protocol.tcp.TcpSegment.ACK;
import static elvis.protocol.tcp.TcpSegment.FIN;
import static elvis.protocol.tcp.TcpSegment.PSH;
import static elvis.protocol.tcp.TcpSegment.RST;
import static elvis.protocol.tcp.TcpSegment.SYN;
import static elvis.protocol.tcp.TcpSegment.ECE;
import static elvis.protocol.tcp.TcpSegment.CWR;

/**
 * One TCP connection: the RFC 9293 state machine with RFC 6298 retransmission ({@link RttEstimator}),
 * RFC 5681/6582/6675 loss recovery ({@link LossRecovery}) beside a {@link CongestionControl}, RFC 7323
 * scaling and timestamps, RFC 2018 SACK, delayed ACK, Nagle and the persist timer. Everything runs inside kernel events; the application hears of it through its
 * {@link ConnectionHandler}, never from inside segment processing: what it is owed (data, readiness,
 * the end) is deposited here and it is called from the kernel's {@link Upcalls} drain later in the same
 * instant. Only the socket layer's handler, which just deposits into socket state
 * ({@link ConnectionHandler#depositsOnly}), is called at once, as BSD's tcp_input calls sbappend.
 *
 * <p>Sequence numbers are kept as 64-bit offsets from the ISN (sending) or IRS (receiving): the SYN is
 * offset 0, the first data byte offset 1. Offsets never wrap, so comparisons are plain; the 32-bit wire
 * values are derived when a segment is written or read.
 */
public final class TcpConnection extends Upcall implements TcpView {
    private static final int MAX_WINDOW_SCALE = 14;
    private static final int TIMESTAMP_OPTION = 12;
    /** RFC 7323 §5.5: a TS.Recent older than this is invalid (a 1 ms peer clock wraps its sign in 24.8 days). */
    private static final long PAWS_IDLE_NS = 24L * 24 * 3600 * TcpConfig.S;

    private final Tcp tcp;
    private final Machine machine;
    private final Simulator sim;
    private TcpConfig config;                // its buffers and Nagle change with the socket options
    private final Application owner;
    private ConnectionHandler handler;       // null until a passive open is accepted
    private TcpListener listener;            // passive open not yet established
    private AcceptHandler acceptor;          // established passive open not yet handed to its application
    final int localIp, localPort, remoteIp, remotePort;
    int slot;                       // index in Tcp's table of connections
    private TcpState state = TcpState.CLOSED;
    private boolean reported;                // the application's closed() is owed or made

    // What the application is owed (calls not made yet): OWED_* bits, the close reason and the data.
    private static final int OWED_ACCEPT = 1, OWED_CONNECTED = 2, OWED_WRITABLE = 4, OWED_FIN_ACKED = 8,
            OWED_PEER_CLOSED = 16, OWED_CLOSED = 32;
    private final Upcalls upcalls;
    private int owed;
    private CloseReason closeReason;
    private Message unreadFirst;             // in-order data not handed over yet (all of it while reading is paused): the oldest,
    private ArrayDeque<Message> unread;      // then the rest (rare: most events deposit one segment)
    private long unreadBytes;

    // Send sequence space (offsets from ISS).
    private int iss;
    private long sndUna, sndNxt, sndMax;
    private int softError = -1;              // the last soft ICMP error (type << 8 | code), reported if we time out
    private long sndWnd, maxSndWnd, sndWl1, sndWl2;
    private final SendQueue queue = new SendQueue();
    private boolean finQueued, wantWritable;
    private final int mss;                   // the MSS we advertise: the configured one within the interface MTU
    private int peerMss = 536;               // RFC 9293 §3.7.1 default without the option
    private int smss;                        // payload bytes of a full-sized segment we send; path MTU discovery lowers it
    private int sndScale, rcvScale;
    private boolean wsOk, tsOk;
    private boolean sackOk;

    // Receive sequence space (offsets from IRS).
    private int irs;
    private long rcvNxt, rcvAdv, lastAckSent;
    private final ReceiveQueue outOfOrder = new ReceiveQueue();
    private long peerFin = -1;               // offset of a FIN that arrived out of order
    private boolean readPaused, readClosed;
    private long unackedBytes;
    private boolean ackNow;
    private int tsRecent;
    private long tsRecentNs;                 // when TS.Recent was set
    private final long[] blocks = new long[2 * TcpSegment.MAX_SACK_BLOCKS];
    private final TcpSegment.Options options = new TcpSegment.Options();

    // Timers and RTT (RFC 6298).
    private final TcpTimer rtxTimer, delackTimer, persistTimer;
    // TIME-WAIT's 2·MSL, or the wait in FIN-WAIT-2 for the FIN of a peer the closed application cannot
    // hear from any more (the two states never overlap, so one timer serves both, as BSD's 2MSL timer).
    private final TcpTimer endTimer;
    private final RttEstimator rtt;
    private int timeouts, probes;

    // Congestion control and loss recovery.
    CongestionControl cc;
    private final LossRecovery recovery = new LossRecovery(new LossRecovery.Sender() {
        @Override public long sndUna() { return sndUna; }
        @Override public long sndMax() { return sndMax; }
        @Override public int smss() { return smss; }
        @Override public boolean sackOk() { return sackOk; }
        @Override public CongestionControl cc() { return cc; }
        @Override public long now() { return sim.now(); }
        @Override public int sendSegment(long off, int maxLen) { return TcpConnection.this.sendSegment(off, maxLen); }
        @Override public boolean canSendNew() { return TcpConnection.this.canSendNew(); }
        @Override public int sendNew() { return TcpConnection.this.sendNew(); }
    });
    private final TcpTrace trace;            // null unless someone traces this connection

    // ECN (RFC 3168): agreed in the handshake; the receiver's echo owed; the sender's CWR owed and the
    // end of the window its last reduction covers.
    private boolean ecnOk, eceOwed, cwrOwed;
    private long ecnRecover;

    // Counters for TcpInfo.
    private long retransmissions, segmentsSent, segmentsReceived, bytesAcked, bytesReceived;

    // The live view (TcpView). The two most recent ACKs that advanced SND.UNA: when, how much, and the
    // first send time and length of the newest segment each completed.
    private long lastAckNs = -1, lastAckBytes, previousAckNs = -1, previousAckBytes;
    private long lastAckedSentNs = -1, previousAckedSentNs = -1;
    private int lastAckedLength, previousAckedLength;
    // The two most recent segments received, as they arrived (wire values): set A or B, whichever
    // is older is overwritten (rxLatestIsB says which is the latest), so recording one is a few stores.
    private boolean rxLatestIsB, rxATs, rxBTs;
    private long rxANs = -1, rxBNs = -1;
    private int rxASeq, rxAAck, rxATsVal, rxATsEcr, rxALength;
    private int rxBSeq, rxBAck, rxBTsVal, rxBTsEcr, rxBLength;
    private AckListener[] ackListeners;      // null unless someone listens
    private boolean ackToTell;               // an ACK advanced SND.UNA in this segment and listeners wait for it

    // Revocation (ModNet's YANK_LOCK): no new data leaves while set; retransmissions, ACKs and probes of sent data go on.
    private boolean sendLocked;

    TcpConnection(Tcp tcp, TcpConfig config, int localIp, int localPort, int remoteIp, int remotePort,
                  Application owner, ConnectionHandler handler) {
        this.tcp = tcp;
        this.machine = tcp.machine();
        this.sim = machine.sim();
        this.config = config;
        this.localIp = localIp;
        this.localPort = localPort;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.owner = owner;
        this.handler = handler;
        this.upcalls = Upcalls.of(sim);
        this.rtt = new RttEstimator(config);
        // RFC 9293 §3.7.1: the MSS we offer and use fits the outgoing interface's MTU (IPv4 and TCP
        // headers take 40 bytes); the configured MSS is a further cap.
        int mtu = tcp.ip().mtuFor(remoteIp);
        this.mss = mtu == 0 ? config.mss() : Math.min(config.mss(), mtu - 40);
        Machine m = tcp.machine();
        this.rtxTimer = new TcpTimer(sim, () -> m.protect("TCP retransmission timer", this::retransmissionTimeout));
        this.delackTimer = new TcpTimer(sim, () -> m.protect("TCP delayed-ACK timer", this::delayedAckTimeout));
        this.persistTimer = new TcpTimer(sim, () -> m.protect("TCP persist timer", this::persistTimeout));
        this.endTimer = new TcpTimer(sim, () -> m.protect("TCP TIME-WAIT/FIN-WAIT-2 timer", this::endTimeout));
        int scale = 0;
        while (scale < MAX_WINDOW_SCALE && (config.receiveBuffer() >> scale) > 65535) scale++;
        this.rcvScale = config.windowScale() ? scale : 0;
        this.trace = TcpTrace.attach(this);
    }

    // ---------------------------------------------------------------- application API

    public TcpState state() { return state; }
    public int localPort() { return localPort; }
    public int localIp() { return localIp; }
    public int remoteIp() { return remoteIp; }
    public int remotePort() { return remotePort; }
    public Machine machine() { return machine; }

    /** Free space in the send buffer: how many bytes {@link #send} would accept now. */
    public long writableBytes() { return Math.max(0, config.sendBuffer() - queue.size()); }

    /**
     * Queues up to {@link #writableBytes} of {@code data} (a slice, never a copy) and returns how much
     * was taken; {@link ConnectionHandler#writable} fires once space frees after a short count.
     */
    public int send(Message data) {
        if (finQueued || !(state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED
                || state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT))
            throw new IllegalStateException("connection " + this + " is closed for sending (" + state + ")");
        int n = (int) Math.min(data.length(), writableBytes());
        if (n < data.length()) wantWritable = true;
        if (n == 0) return 0;
        queue.add(data.slice(0, n));
        output();
        return n;
    }

    /** Half close: a FIN follows the queued data; data still arrives (RFC 9293 §3.6). */
    public void shutdownOutput() {
        if (finQueued) return;
        switch (state) {
            case SYN_SENT -> { terminate(CloseReason.NORMAL); return; }   // RFC 9293 §3.10.4: delete the TCB
            case SYN_RECEIVED, ESTABLISHED -> state = TcpState.FIN_WAIT_1;
            case CLOSE_WAIT -> state = TcpState.LAST_ACK;
            default -> { return; }
        }
        finQueued = true;
        output();
    }

    /**
     * Closes both directions: a FIN follows the queued data. Received data left unread, or data that
     * arrives later, resets the connection instead (RFC 1122 §4.2.2.13).
     */
    public void close() {
        readClosed = true;
        // RFC 1122 §4.2.2.13: closing with received data unread loses it, so say so with a RST.
        if (heldBytes() > 0) { abort(); return; }
        shutdownOutput();
        if (state == TcpState.FIN_WAIT_2 && !endTimer.running()) endTimer.start(config.finWait2TimeoutNs());
    }

    /**
     * RFC 9293 §3.10.5 ABORT: a RST tells the peer, queued data is discarded. Its number is the next
     * new octet (the RFC's SND.NXT, our SND.MAX: a timeout moves our SND.NXT back), which is what a
     * peer that has everything expects exactly (RFC 5961 §3.2).
     */
    public void abort() {
        if (state == TcpState.CLOSED) return;
        if (state != TcpState.SYN_SENT && state != TcpState.TIME_WAIT) emit(sndMax, RST | ACK, Message.EMPTY);
        terminate(CloseReason.ABORTED);
    }

    /** TCP_NODELAY at any time: with Nagle off, what it held back is sent now. */
    public void setNagle(boolean on) {
        config = config.withNagle(on);
        output();
    }

    /** SO_SNDBUF at any time: {@link #writableBytes} follows at once. */
    public void setSendBuffer(int bytes) { config = config.withSendBuffer(bytes); }

    /** SO_RCVBUF at any time: the window follows (within the scale agreed in the handshake); a grown one is announced now. */
    public void setReceiveBuffer(int bytes) {
        config = config.withReceiveBuffer(bytes);
        if (state.peerMaySend() && windowWouldGrow()) emitAck();
    }

    /** Stops delivering data: it is buffered and the advertised window closes as the buffer fills. */
    public void pauseReading() { readPaused = true; }

    /**
     * Resumes: what was buffered is delivered (with the FIN and a graceful end that waited for it), and
     * a window update goes out if the window opened enough.
     */
    public void resumeReading() {
        readPaused = false;
        if (owed != 0 || unreadBytes > 0) upcall(0);
        if (state.peerMaySend() && windowWouldGrow()) emitAck();
    }

    public TcpInfo info() {
        long unsent = Math.max(0, queue.end() + 1 - Math.max(sndNxt, 1));
        return new TcpInfo(state, cc == null ? 0 : cc.cwnd(), cc == null ? 0 : cc.ssthresh(), recovery.pipe(), recovery.inRecovery(),
                rtt.srtt(), rtt.rttvar(), rtt.rto(),
                Integer.toUnsignedLong(sendSeq(sndUna)), Integer.toUnsignedLong(sendSeq(sndNxt)), unsent,
                sndMax - sndUna, sndWnd, Math.max(0, rcvAdv - rcvNxt), retransmissions, segmentsSent, segmentsReceived,
                bytesAcked, bytesReceived, lastAckNs, lastAckBytes, previousAckNs, previousAckBytes);
    }

    /** The congestion controller in use (its window and threshold). */
    public CongestionControl congestionControl() { return cc; }

    // ---------------------------------------------------------------- the live view (TcpView, ModNet's mapped state)

    @Override public long cwnd() { return cc == null ? 0 : cc.cwnd(); }
    @Override public long ssthresh() { return cc == null ? 0 : cc.ssthresh(); }
    @Override public long srttNs() { return rtt.srtt(); }
    @Override public long rttvarNs() { return rtt.rttvar(); }
    @Override public long sndUna() { return Integer.toUnsignedLong(sendSeq(sndUna)); }
    @Override public long sndNxt() { return Integer.toUnsignedLong(sendSeq(sndNxt)); }
    @Override public long sndMax() { return Integer.toUnsignedLong(sendSeq(sndMax)); }
    @Override public long unsentBytes() { return Math.max(0, queue.end() + 1 - Math.max(sndMax, 1)); }
    @Override public long unackedBytes() { return sndMax - sndUna; }
    @Override public long sndWnd() { return sndWnd; }
    @Override public int smss() { return smss; }

    @Override public long receivedNs(int which) { return latestB(which) ? rxBNs : rxANs; }
    @Override public long receivedSeq(int which) { return received(which, latestB(which) ? rxBSeq : rxASeq); }
    @Override public long receivedAck(int which) { return received(which, latestB(which) ? rxBAck : rxAAck); }
    @Override public long receivedTsVal(int which) { return timestamp(which, latestB(which) ? rxBTsVal : rxATsVal); }
    @Override public long receivedTsEcr(int which) { return timestamp(which, latestB(which) ? rxBTsEcr : rxATsEcr); }
    @Override public int receivedLength(int which) { return latestB(which) ? rxBLength : rxALength; }

    /** A 32-bit field of record {@code which} as an unsigned value, -1 while there is no such record. */
    private long received(int which, int field) { return receivedNs(which) < 0 ? -1 : Integer.toUnsignedLong(field); }

    /** A timestamp field of record {@code which}, -1 when that segment had no timestamp option. */
    private long timestamp(int which, int field) { return (latestB(which) ? rxBTs : rxATs) ? Integer.toUnsignedLong(field) : -1; }

    /** Whether record {@code which} (0 the latest, 1 the one before) is in set B. */
    private boolean latestB(int which) {
        if (which != 0 && which != 1) throw new IndexOutOfBoundsException("which = " + which + " (0 or 1)");
        return rxLatestIsB == (which == 0);
    }

    @Override public long ackNs(int which) { return pick(which, lastAckNs, previousAckNs); }
    @Override public long ackBytes(int which) { return pick(which, lastAckBytes, previousAckBytes); }
    @Override public long ackedSentNs(int which) { return pick(which, lastAckedSentNs, previousAckedSentNs); }
    @Override public int ackedLength(int which) { return (int) pick(which, lastAckedLength, previousAckedLength); }

    private static long pick(int which, long latest, long before) {
        return switch (which) {
            case 0 -> latest;
            case 1 -> before;
            default -> throw new IndexOutOfBoundsException("which = " + which + " (0 or 1)");
        };
    }

    /**
     * Calls {@code listener} after each ACK that advances SND.UNA, once TCP has processed the whole
     * segment (sent what the ACK released), inside the kernel's segment processing: it may read this
     * view but must not call into TCP (send, yank, close …); one that needs to act schedules the act
     * (a zero-delay timer, or it tells a process). One that throws is removed and its owner fails.
     */
    @Override
    public void addAckListener(AckListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        AckListener[] old = ackListeners;
        AckListener[] now = old == null ? new AckListener[1] : java.util.Arrays.copyOf(old, old.length + 1);
        now[now.length - 1] = listener;
        ackListeners = now;                  // copied on change: a listener may remove itself while told
    }

    @Override
    public void removeAckListener(AckListener listener) {
        AckListener[] old = ackListeners;
        if (old == null) return;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != listener) continue;
            if (old.length == 1) { ackListeners = null; return; }
            AckListener[] now = new AckListener[old.length - 1];
            System.arraycopy(old, 0, now, 0, i);
            System.arraycopy(old, i + 1, now, i, old.length - i - 1);
            ackListeners = now;
            return;
        }
    }

    private void tellAckListeners() {
        ackToTell = false;
        AckListener[] all = ackListeners;
        if (all == null) return;
        for (AckListener l : all) {
            try {
                l.acked(this);
            } catch (RuntimeException | StackOverflowError e) {
                listenerFailed(l, e);
            }
        }
    }

    /** The connection is gone: the ACK that ended it first, then each listener's {@code closed}, once; they are dropped. */
    private void tellAckListenersClosed() {
        if (ackToTell) tellAckListeners();
        AckListener[] all = ackListeners;
        if (all == null) return;                 // they removed themselves on that ACK
        ackListeners = null;
        for (AckListener l : all) {
            try {
                l.closed(this);
            } catch (RuntimeException | StackOverflowError e) {
                listenerFailed(l, e);
            }
        }
    }

    private void listenerFailed(AckListener l, Throwable e) {
        removeAckListener(l);
        if (owner != null) machine.fail(owner, e);
        else machine.internalError("a TCP ACK listener", e);
    }

    // ---------------------------------------------------------------- revocation (ModNet's yank)

    /**
     * Selects the last min({@code max}, {@link #unsentBytes}) bytes of the send queue, bytes never
     * transmitted (at or above SND.MAX, whatever a timeout or SACK recovery does to SND.NXT), and
     * returns them as a slice of the queued messages; {@code remove} takes them out of the queue, so the
     * next byte sent follows the cut (a FIN queued by a shutdown follows the new end) and the freed
     * space is writable again. Callers are applications (or the socket layer), never code running
     * inside TCP's segment processing.
     */
    public Message yank(int max, boolean remove) {
        if (max < 0) throw new IllegalArgumentException("yank of " + max + " bytes");
        int n = (int) Math.min(max, unsentBytes());
        if (n == 0) return Message.EMPTY;
        long from = queue.end() - n;
        Message bytes = queue.slice(from, n);
        if (remove) {
            queue.truncate(from);
            tellWritableIfRoom();
        }
        return bytes;
    }

    /**
     * ModNet's YANK_LOCK ({@code true}) and YANK_UNLOCK: while locked, no new data (nor a FIN not sent
     * yet) is transmitted, so what a PEEK saw stays unsent for the YANK after it; retransmissions,
     * ACKs and window probes of sent data go on. Unlocking sends what the windows allow at once.
     */
    public void lockSending(boolean locked) {
        if (sendLocked == locked) return;
        sendLocked = locked;
        if (!locked) output();
    }

    @Override
    public String toString() {
        return machine.name() + ":" + localPort + "->" + elvis.protocol.ipv4.Ipv4Address.format(remoteIp) + ":" + remotePort;
    }

    // ---------------------------------------------------------------- opening

    void openActive(int isn) {
        iss = isn;
        state = TcpState.SYN_SENT;
        sendSyn();
    }

    void openPassive(int isn, TcpListener from, TcpSegment syn) {
        iss = isn;
        listener = from;
        acceptor = from.handler;
        state = TcpState.SYN_RECEIVED;
        acceptSyn(syn);
        sendSyn();
        if (trace != null) trace.sample(sim.now(), cc, rtt);
    }

    private void sendSyn() {
        sndNxt = sndMax = 1;
        emit(0, state == TcpState.SYN_SENT ? SYN : SYN | ACK, Message.EMPTY);
        rtt.sent(1, sim.now());
        rtxTimer.start(rtt.rto());
    }

    /** Records the peer's SYN and the options it offered (RFC 7323 §2.2, RFC 2018 §2). */
    private void acceptSyn(TcpSegment s) {
        irs = s.seq;
        rcvNxt = 1;
        rcvAdv = 0;                               // our SYN's window counted from an unknown RCV.NXT: start afresh
        if (s.mss > 0) peerMss = s.mss;
        wsOk = config.windowScale() && s.windowScale >= 0;
        sndScale = wsOk ? s.windowScale : 0;
        if (!wsOk) rcvScale = 0;
        sackOk = config.sack() && s.sackPermitted;
        tsOk = config.timestamps() && s.hasTimestamp;
        if (tsOk) {
            tsRecent = s.tsVal;
            tsRecentNs = sim.now();
        }
        // RFC 3168 §6.1.1: an ECN-setup SYN carries ECE and CWR, its SYN-ACK ECE alone (ECE with CWR is no answer).
        ecnOk = s.has(ACK) ? config.ecnAsk() && s.has(ECE) && !s.has(CWR)
                : state == TcpState.SYN_RECEIVED && config.ecnAccept() && s.has(ECE) && s.has(CWR);
        sndWnd = maxSndWnd = s.window;            // never scaled in a SYN
        sndWl1 = 0;
        smss = Math.min(peerMss, mss) - (tsOk ? TIMESTAMP_OPTION : 0);   // RFC 6691
        cc = CongestionControlRegistry.create(config.congestionControl(), smss);
        cc.start(smss, config.initialWindowBytes(smss));
    }

    private void established() {
        state = TcpState.ESTABLISHED;
        rtt.established();                       // RFC 6298 (5.7): at least 3 s after a handshake timeout
        if (listener != null) {
            listener.halfOpen--;
            listener = null;
            upcall(OWED_ACCEPT);
        } else {
            upcall(OWED_CONNECTED);
        }
    }

    private static final ConnectionHandler NO_HANDLER = new ConnectionHandler() { };

    // ---------------------------------------------------------------- arriving segments (RFC 9293 §3.10.7)

    void segmentArrived(TcpSegment s) {
        segmentsReceived++;
        recordReceived(s);
        switch (state) {
            case CLOSED -> { }
            case SYN_SENT -> synSentArrived(s);
            default -> synchronizedArrived(s);
        }
        if (state != TcpState.CLOSED) {
            output();
            if (ackNow) emitAck();
        }
        if (ackToTell) tellAckListeners();
        if (trace != null) trace.sample(sim.now(), cc, rtt);
    }

    /** Keeps the segment's header fields in the older of the two records, which becomes the latest. */
    private void recordReceived(TcpSegment s) {
        if (rxLatestIsB) {
            rxANs = sim.now(); rxASeq = s.seq; rxAAck = s.ack; rxATs = s.hasTimestamp;
            rxATsVal = s.tsVal; rxATsEcr = s.tsEcr; rxALength = s.payload.length();
        } else {
            rxBNs = sim.now(); rxBSeq = s.seq; rxBAck = s.ack; rxBTs = s.hasTimestamp;
            rxBTsVal = s.tsVal; rxBTsEcr = s.tsEcr; rxBLength = s.payload.length();
        }
        rxLatestIsB = !rxLatestIsB;
    }

    private void synSentArrived(TcpSegment s) {
        long ackOff = 0;
        if (s.has(ACK)) {
            ackOff = sendOff(s.ack);
            if (ackOff <= 0 || ackOff > sndMax) {      // not for our SYN
                if (!s.has(RST)) tcp.sendReset(localIp, remoteIp, localPort, remotePort, s.ack, 0, false);
                return;
            }
        }
        if (s.has(RST)) {
            if (s.has(ACK)) terminate(CloseReason.REFUSED);
            return;
        }
        if (!s.has(SYN)) return;
        acceptSyn(s);
        if (s.has(ACK)) {
            rttSample(ackOff, 1);
            sndUna = ackOff;
            sndWl1 = 0;
            sndWl2 = ackOff;
            rtxTimer.stop();
            timeouts = 0;
            ackNow = true;
            established();
        } else {
            state = TcpState.SYN_RECEIVED;            // simultaneous open (RFC 9293 §3.5)
            emit(0, SYN | ACK, Message.EMPTY);
        }
    }

    private void synchronizedArrived(TcpSegment s) {
        if (state == TcpState.SYN_RECEIVED && s.has(SYN) && s.has(ACK) && s.seq == irs && sendOff(s.ack) == 1) {
            // Simultaneous open (RFC 9293 §3.5, Figure 7): the peer's SYN-ACK acknowledges our SYN and
            // repeats the SYN we hold. Taken as the ACK it carries (as Linux does); the RFC's sequence
            // check alone would reject it, and the two ends would trade SYN-ACKs for ever.
            s.flags &= ~SYN;
            s.seq++;
        }
        long segOff = rcvOff(s.seq);
        int segLen = s.seqLength();
        // RFC 7323 §5.3 PAWS: an older timestamp marks an old duplicate, unless TS.Recent is invalid
        // because it was set more than 24 days ago (§5.5): then the peer's clock may have wrapped.
        if (tsOk && s.hasTimestamp && !s.has(RST) && s.tsVal - tsRecent < 0 && sim.now() - tsRecentNs <= PAWS_IDLE_NS) {
            machine.drop(TcpDrop.TCP_PAWS);
            ackNow = true;
            return;
        }
        long wnd = Math.max(0, rcvAdv - rcvNxt);
        if (!acceptable(segOff, segLen, wnd)) {
            if (s.has(RST)) return;
            if (state == TcpState.SYN_RECEIVED && s.has(SYN) && s.seq == irs) { emit(0, SYN | ACK, Message.EMPTY); return; }
            machine.drop(TcpDrop.TCP_OUT_OF_WINDOW);
            ackNow = true;
            // A zero window accepts no data, but its ACK still counts (RFC 9293 §3.10.7.4).
            if (!(wnd == 0 && segOff == rcvNxt && s.has(ACK))) return;
            s.payload = Message.EMPTY;
            s.flags &= ~FIN;
        }
        if (tsOk && s.hasTimestamp && segOff <= lastAckSent) {        // RFC 7323 §4.3
            tsRecent = s.tsVal;
            tsRecentNs = sim.now();
        }
        if (s.has(RST)) {
            if (segOff == rcvNxt) reset();
            else ackNow = true;                       // RFC 5961 §3.2: challenge ACK
            return;
        }
        if (s.has(SYN)) {                             // RFC 5961 §4: challenge ACK, drop
            ackNow = true;
            return;
        }
        if (!s.has(ACK)) return;
        if (state == TcpState.SYN_RECEIVED) {
            long ackOff = sendOff(s.ack);
            if (ackOff != 1) {
                tcp.sendReset(localIp, remoteIp, localPort, remotePort, s.ack, 0, false);
                return;
            }
            rttSample(ackOff, 1);
            sndUna = 1;
            rtxTimer.stop();
            timeouts = 0;
            sndWnd = (long) s.window << sndScale;
            sndWl1 = segOff;
            sndWl2 = ackOff;
            established();
        }
        if (ecnOk) ecnArrived(s);
        if (!processAck(s, segOff)) return;
        if (state == TcpState.CLOSED) return;                 // the ACK completed our close (LAST-ACK)
        if (trimToWindow(s, segOff)) segOff = rcvNxt;
        if (!s.payload.isEmpty()) receiveData(s, segOff);
        if (state == TcpState.CLOSED) return;                 // data after our close: reset
        if (s.has(FIN)) {
            long finOff = segOff + s.payload.length();
            if (finOff == rcvNxt) finArrived();
            else if (finOff > rcvNxt) { peerFin = finOff; ackNow = true; }
        }
    }

    /**
     * RFC 3168 §6.1.2-§6.1.3. As receiver: CWR ends the ECE echo, a CE mark on data starts it. As
     * sender: ECE halves the window as a loss would (without retransmitting anything), at most once
     * per window of data and not during loss recovery, which has reduced it already; the next new
     * data segment carries CWR.
     */
    private void ecnArrived(TcpSegment s) {
        if (s.has(CWR)) eceOwed = false;
        if (s.ce && !s.payload.isEmpty()) {
            eceOwed = true;
            EcnCounters.of(machine).ceReceived++;
        }
        if (s.has(ECE) && sendOff(s.ack) > ecnRecover && !recovery.inRecovery() && sndMax > sndUna) {
            cc.onLoss(sndMax - sndUna, sim.now());
            ecnRecover = sndMax;
            cwrOwed = true;
            EcnCounters.of(machine).eceReactions++;
        }
    }

    /** Whether this connection agreed on ECN in its handshake. */
    public boolean ecnNegotiated() { return ecnOk; }

    /** RFC 9293 §3.10.7.4 segment acceptability test. */
    private boolean acceptable(long segOff, int segLen, long wnd) {
        if (segLen == 0) return wnd == 0 ? segOff == rcvNxt : segOff >= rcvNxt && segOff < rcvNxt + wnd;
        if (wnd == 0) return false;
        long last = segOff + segLen - 1;
        return (segOff >= rcvNxt && segOff < rcvNxt + wnd) || (last >= rcvNxt && last < rcvNxt + wnd);
    }

    /** Cuts what lies before RCV.NXT or beyond the window; true when the front was cut. */
    private boolean trimToWindow(TcpSegment s, long segOff) {
        Message p = s.payload;
        boolean front = segOff < rcvNxt;
        if (front) {
            int cut = (int) Math.min(p.length(), rcvNxt - segOff);
            p = p.slice(cut);
            segOff += cut;
        }
        long room = Math.max(0, rcvAdv - segOff);
        if (p.length() > room) {
            p = p.slice(0, (int) room);
            s.flags &= ~FIN;
        }
        s.payload = p;
        return front;
    }

    /** A passive half-open connection is forgotten (back to LISTEN); others tell the application. */
    private void reset() { terminate(state == TcpState.SYN_RECEIVED ? CloseReason.REFUSED : CloseReason.RESET); }

    /** ACK processing (RFC 9293 §3.10.7.4 fifth check, RFC 5961 §5); false when the segment must be dropped. */
    private boolean processAck(TcpSegment s, long segOff) {
        long ackOff = sendOff(s.ack);
        if (ackOff > sndMax || ackOff < sndUna - maxSndWnd) {
            ackNow = true;
            return false;
        }
        if (ackOff < sndUna) return true;            // old duplicate ACK: ignore the acknowledgement
        long window = (long) s.window << sndScale;
        boolean windowChanged = window != sndWnd;
        if (sndWl1 < segOff || (sndWl1 == segOff && sndWl2 <= ackOff)) {
            sndWnd = window;
            maxSndWnd = Math.max(maxSndWnd, window);
            sndWl1 = segOff;
            sndWl2 = ackOff;
            if (window > 0 && persistTimer.running()) {      // the window opened: resend from the probe on
                persistTimer.stop();
                probes = 0;
                sndNxt = sndUna;
            }
        }
        long newlySacked = 0;                                 // RFC 6675 §4 Update()
        if (sackOk) for (int k = 0; k < s.sackCount; k++) {
            long left = sendOff(s.sack[2 * k]), right = sendOff(s.sack[2 * k + 1]);
            if (left > ackOff && right > left && right <= sndMax) newlySacked += recovery.sacked(left, right);
        }
        boolean advanced = ackOff > sndUna;
        if (advanced) newAck(ackOff);
        if (sackOk) {
            // RFC 6675 §2: an ACK with new SACK information is a duplicate, whatever else it carries.
            if (newlySacked > 0) recovery.sackDuplicateAck();
        } else if (!advanced && s.payload.isEmpty() && !s.has(SYN) && !s.has(FIN) && !windowChanged && sndMax > sndUna
                && sndWnd > 0) {
            recovery.duplicateAck();                          // a zero-window probe's answer is no loss signal
        }
        return true;
    }

    private void newAck(long ackOff) {
        long acked = ackOff - sndUna;
        long now = sim.now();
        previousAckNs = lastAckNs;
        previousAckBytes = lastAckBytes;
        lastAckNs = now;
        lastAckBytes = acked;
        long flightBefore = sndMax - sndUna;
        previousAckedSentNs = lastAckedSentNs;
        previousAckedLength = lastAckedLength;
        lastAckedSentNs = rttSample(ackOff, flightBefore);
        lastAckedLength = (int) (rtt.lastAckedLength() - (rtt.lastAckedEnd() > queue.end() + 1 ? 1 : 0));   // data, not the FIN
        if (ackListeners != null) ackToTell = true;
        sndUna = ackOff;
        if (sndNxt < sndUna) sndNxt = sndUna;
        long dataAcked = Math.min(sndUna - 1, queue.end()) - queue.base();
        bytesAcked += dataAcked;
        queue.release(sndUna - 1);
        timeouts = 0;
        if (!recovery.newAck(acked) && flightBefore >= cc.cwnd() - smss) {
            cc.onAck(acked, now, rtt.srtt());                 // grow only when cwnd was the limit
        }
        if (sndUna == sndMax) rtxTimer.stop();
        else rtxTimer.start(rtt.rto());                                     // RFC 6298 (5.3)
        if (finQueued && sndUna > queue.end() + 1) ourFinAcked();
        tellWritableIfRoom();
    }

    /** A writer that was refused space hears it may write once a quarter of the buffer is free (ACKs or a yank freed it). */
    private void tellWritableIfRoom() {
        if (wantWritable && writableBytes() >= config.sendBuffer() / 4 && state != TcpState.CLOSED && !finQueued) {
            wantWritable = false;
            upcall(OWED_WRITABLE);
        }
    }

    private void ourFinAcked() {
        switch (state) {
            case FIN_WAIT_1 -> {
                state = TcpState.FIN_WAIT_2;
                // Nothing of ours is left to time out: only the peer's FIN ends this state. When the
                // application closed, it cannot wait for ever, nor learn of a peer that vanished
                // (its RST lost), so a timer bounds it, as BSD and Linux do (RFC 9293 sets none).
                if (readClosed) endTimer.start(config.finWait2TimeoutNs());
                upcall(OWED_FIN_ACKED);
            }
            case CLOSING -> enterTimeWait();
            case LAST_ACK -> terminate(CloseReason.NORMAL);
            default -> { }
        }
    }

    private void receiveData(TcpSegment s, long segOff) {
        if (!state.peerMaySend()) return;
        Message data = s.payload;
        if (readClosed && segOff + data.length() > rcvNxt) {
            // RFC 1122 §4.2.2.13: new data after the application closed cannot be read: reset, so the
            // peer learns it was lost (its next send fails) instead of believing it delivered.
            abort();
            return;
        }
        if (segOff > rcvNxt) {                        // out of order: keep it and say so at once (RFC 5681 §4.2)
            outOfOrder.add(segOff, data);
            ackNow = true;
            return;
        }
        boolean filledHole = !outOfOrder.isEmpty();
        accept(data);
        for (Message next; (next = outOfOrder.takeAt(rcvNxt)) != null; ) accept(next);
        if (peerFin >= 0 && peerFin == rcvNxt && !s.has(FIN)) { peerFin = -1; finArrived(); }
        if (filledHole || config.delayedAckNs() == 0) ackNow = true;
        else {
            // Every second full-sized segment (RFC 5681 §4.2). Options count with the data: a segment the
            // sender shortened to make room for SACK blocks is still full-sized (RFC 9293 §3.7.1).
            unackedBytes += data.length() + s.optionBytes;
            if (unackedBytes >= 2L * mss) ackNow = true;
            else if (!delackTimer.running()) delackTimer.start(config.delayedAckNs());
        }
    }

    private void accept(Message data) {
        rcvNxt += data.length();
        bytesReceived += data.length();
        if (readClosed) return;
        if (unreadFirst == null) unreadFirst = data;
        else {
            if (unread == null) unread = new ArrayDeque<>(4);
            unread.add(data);
        }
        unreadBytes += data.length();
        upcall(0);
    }

    private void finArrived() {
        rcvNxt++;
        ackNow = true;
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> state = TcpState.CLOSE_WAIT;
            case FIN_WAIT_1 -> state = TcpState.CLOSING;      // our FIN is not acknowledged yet
            case FIN_WAIT_2 -> state = TcpState.TIME_WAIT;
            case TIME_WAIT -> { endTimer.start(2 * config.mslNs()); return; }
            default -> { return; }
        }
        if (!readClosed) upcall(OWED_PEER_CLOSED);          // after the data, before the end
        if (state == TcpState.TIME_WAIT) enterTimeWait();
    }

    private void enterTimeWait() {
        state = TcpState.TIME_WAIT;
        rtxTimer.stop();
        persistTimer.stop();
        endTimer.start(2 * config.mslNs());
        report(CloseReason.NORMAL);
    }

    // ---------------------------------------------------------------- sending

    /** Sends what the windows, Nagle and sender-side SWS avoidance allow (RFC 9293 §3.8.6.2.1, RFC 5681, RFC 6675). */
    private void output() {
        if (state == TcpState.CLOSED || state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED
                || state == TcpState.TIME_WAIT) return;
        if (sackOk && recovery.inRecovery()) { recovery.output(); return; }
        long dataEnd = queue.end() + 1;
        long stop = sendStop(dataEnd);
        boolean finMayGo = finMayGo(dataEnd);
        while (true) {
            if (sndNxt < sndMax) sndNxt = recovery.skipSacked(sndNxt);
            long avail = Math.max(0, stop - sndNxt);
            long usable = Math.max(0, sndUna + Math.min(cc.cwnd(), sndWnd) - sndNxt);
            int len = (int) Math.min(smss, Math.min(avail, usable));
            boolean fin = finMayGo && sndNxt + len == dataEnd;
            if (len == 0 && !fin) break;
            if (len < smss && !fin && sndNxt >= sndMax) {
                if (len < avail) {
                    if (len < maxSndWnd / 2) break;                 // window-limited small segment: wait
                } else if (config.nagle() && sndMax > sndUna) break;   // Nagle: one small segment in flight at most
            }
            sndNxt += sendSegment(sndNxt, len);
        }
        if (stop > sndNxt && !rtxTimer.running() && !persistTimer.running()) persistTimer.start(persistDelay());
    }

    /** Where transmission stops: the end of the data, or SND.MAX while new data is locked (ModNet's YANK_LOCK). */
    private long sendStop(long dataEnd) { return sendLocked ? Math.min(dataEnd, sndMax) : dataEnd; }

    /** Whether a FIN may go with the segment ending the data: one is queued and the lock does not hold it (or it was sent before). */
    private boolean finMayGo(long dataEnd) { return finQueued && (!sendLocked || sndMax > dataEnd); }

    /** Whether a segment of new data (or the FIN) may go: there is some, and the peer's window takes it. */
    private boolean canSendNew() {
        if (sendLocked) return false;
        long dataEnd = queue.end() + 1;
        return (sndMax < dataEnd && sndMax + Math.min(smss, dataEnd - sndMax) <= sndUna + sndWnd)
                || (finQueued && sndMax == dataEnd);
    }

    /** Sends a segment of new data (or the FIN) at SND.MAX; returns the sequence space used. */
    private int sendNew() {
        int sent = sendSegment(sndMax, smss);
        sndNxt = sndMax;
        return sent;
    }

    /**
     * Sends up to {@code maxLen} data bytes at offset {@code off}, with FIN if they end the stream and
     * the application closed; returns the sequence space used. SND.MAX follows, so it always marks
     * the highest byte ever sent, the line a yank never crosses.
     */
    private int sendSegment(long off, int maxLen) {
        long dataEnd = queue.end() + 1;
        // RFC 9293 §3.7.1: data and options share the MSS, so SACK blocks riding along take data's room.
        int room = smss - sackOptionBytes();
        int len = (int) Math.max(0, Math.min(Math.min(maxLen, room), sendStop(dataEnd) - off));
        boolean fin = finMayGo(dataEnd) && off + len == dataEnd;
        if (len == 0 && !fin) return 0;
        Message payload = len == 0 ? Message.EMPTY : queue.slice(off - 1, len);
        long end = off + len + (fin ? 1 : 0);
        boolean fresh = off >= sndMax;
        if (!fresh) {
            retransmissions++;
            rtt.resent(off, Math.min(end, sndMax));
        }
        if (end > sndMax) {
            rtt.sent(end, sim.now());
            sndMax = end;
        }
        int flags = ACK | (fin ? FIN : 0) | (len > 0 && off + len == dataEnd ? PSH : 0);
        // RFC 3168 §6.1.5: only new data is ECN-capable, never a retransmission (nor a pure ACK or SYN).
        boolean ect = ecnOk && len > 0 && fresh;
        if (ect && cwrOwed) {
            flags |= CWR;
            cwrOwed = false;
        }
        emit(off, flags, payload, ect);
        if (!rtxTimer.running() && (sndWnd > 0 || len == 0)) rtxTimer.start(rtt.rto());   // a zero-window probe is the persist timer's
        return len + (fin ? 1 : 0);
    }

    /** Bytes of the SACK option (two NOPs, kind, length, 8 per block) the next segment will carry. */
    private int sackOptionBytes() {
        return sackOk && !outOfOrder.isEmpty() ? 4 + 8 * Math.min(outOfOrder.blockCount(), maxSackBlocks()) : 0;
    }

    /** SACK blocks that fit in 40 bytes of options beside the timestamp option, or without it (RFC 2018 §3). */
    private int maxSackBlocks() { return tsOk ? 3 : TcpSegment.MAX_SACK_BLOCKS; }

    /**
     * A segment without data: its sequence number is the next new octet (SND.MAX), not SND.NXT, which a
     * retransmission timeout moves back. The peer may hold everything up to SND.MAX already, and would
     * find an older number outside its window and drop the ACK (as BSD's tcp_output notes); with data
     * flowing both ways, both ends could then drop each other's ACKs for good.
     */
    private void emitAck() {
        if (state == TcpState.SYN_RECEIVED) emit(0, SYN | ACK, Message.EMPTY);
        else emit(sndMax, ACK, Message.EMPTY);
    }

    private void emit(long off, int flags, Message payload) { emit(off, flags, payload, false); }

    /** Writes and sends one segment; every segment but a SYN carries the current ACK and window. */
    private void emit(long off, int flags, Message payload, boolean ect) {
        TcpSegment.Options o = options.clear();
        boolean syn = (flags & SYN) != 0;
        if (syn) {
            rtt.resent(0, 1);                        // a SYN sent again (the first is recorded after it)
            o.mss = mss;
            o.sackPermitted = state == TcpState.SYN_SENT ? config.sack() : sackOk;
            if (state == TcpState.SYN_SENT ? config.windowScale() : wsOk) o.windowScale = rcvScale;
            if (state == TcpState.SYN_SENT ? config.ecnAsk() : ecnOk) flags |= state == TcpState.SYN_SENT ? ECE | CWR : ECE;
        } else if (eceOwed && (flags & (ACK | RST)) == ACK) {
            flags |= ECE;
        }
        boolean ts = syn && state == TcpState.SYN_SENT ? config.timestamps() : tsOk;
        if (ts) {
            o.timestamp = true;
            o.tsVal = tsClock();
            o.tsEcr = (flags & ACK) != 0 ? tsRecent : 0;
        }
        int window = (flags & RST) != 0 ? 0 : advertisedWindow(syn);
        if ((flags & ACK) != 0) {
            if (sackOk && !outOfOrder.isEmpty()) {
                int n = outOfOrder.sackBlocks(blocks, maxSackBlocks());
                for (int k = 0; k < 2 * n; k++) o.sack[k] = rcvSeq(blocks[k]);
                o.sackCount = n;
            }
            lastAckSent = rcvNxt;
            ackNow = false;
            unackedBytes = 0;
            delackTimer.stop();
        }
        segmentsSent++;
        tcp.transmit(this, sendSeq(off), (flags & ACK) != 0 ? rcvSeq(rcvNxt) : 0, flags, window, o, payload, ect);
    }

    /** The window field: receiver SWS avoidance (RFC 9293 §3.8.6.2.2) and a right edge that never moves left. */
    private int advertisedWindow(boolean syn) {
        long right = rcvNxt + Math.max(0, config.receiveBuffer() - heldBytes());
        if (right - rcvAdv >= Math.min(config.receiveBuffer() / 2, mss) || rcvAdv == 0) rcvAdv = right;
        long wnd = Math.max(0, rcvAdv - rcvNxt);
        if (syn) {
            rcvAdv = rcvNxt + Math.min(wnd, 65535);
            return (int) (rcvAdv - rcvNxt);
        }
        // Rounded up, so the scaled field never announces less than before (the edge must not move left).
        int field = (int) Math.min((wnd + (1L << rcvScale) - 1) >> rcvScale, 65535);
        rcvAdv = rcvNxt + ((long) field << rcvScale);
        return field;
    }

    private boolean windowWouldGrow() {
        long right = rcvNxt + Math.max(0, config.receiveBuffer() - heldBytes());
        return right - rcvAdv >= Math.min(config.receiveBuffer() / 2, mss);
    }

    // ---------------------------------------------------------------- timers

    /**
     * RFC 1191 §6.4: the path to the peer takes at most {@code pathMtu} bytes, as an error about our
     * segment with sequence number {@code seq} said. When that segment is in flight (RFC 5927 §7.2)
     * and ours are larger, full-sized segments shrink to fit and what is in flight goes again at once,
     * in the new size: the loss was the path's, not congestion, so the windows stay.
     */
    void pathMtuDecreased(int seq, int pathMtu) {
        if (cc == null || state == TcpState.CLOSED || state == TcpState.TIME_WAIT) return;
        if ((seq - sendSeq(sndUna) & 0xFFFFFFFFL) >= sndMax - sndUna) return;
        int fit = pathMtu - 40 - (tsOk ? TIMESTAMP_OPTION : 0);    // at least 16: no path MTU is below 68
        if (fit >= smss) return;
        smss = fit;
        cc.smss(fit);
        sndNxt = sndUna;
        output();
    }

    /** RFC 6298 §5: retransmit the earliest unacknowledged segment, back off, collapse cwnd (RFC 5681 §3.1). */
    private void retransmissionTimeout() {
        if (state == TcpState.CLOSED || state == TcpState.TIME_WAIT) return;
        if (++timeouts > config.maxRetries()) {
            terminate(CloseReason.TIMEOUT);
            return;
        }
        rtt.backOff();                                                      // (5.5)
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            rtt.handshakeTimedOut();
            retransmissions++;
            emit(0, state == TcpState.SYN_SENT ? SYN : SYN | ACK, Message.EMPTY);
            rtxTimer.start(rtt.rto());
            if (trace != null) trace.sample(sim.now(), cc, rtt);
            return;
        }
        cc.onTimeout(sndMax - sndUna, timeouts == 1, sim.now());
        recovery.timeout(timeouts > 1);                                     // RFC 6675 §5.1
        sndNxt = sndUna;                                                    // go back: resend from the first hole
        rtxTimer.start(rtt.rto());
        output();
        if (trace != null) trace.sample(sim.now(), cc, rtt);
    }

    /**
     * TIME-WAIT ends quietly (the application heard of the end on entering it). FIN-WAIT-2 gives up on
     * the peer's FIN and, as Linux does, sends a RST, so a peer that is still there learns of it.
     */
    private void endTimeout() {
        if (state == TcpState.TIME_WAIT) { terminate(null); return; }
        emit(sndMax, RST | ACK, Message.EMPTY);
        terminate(CloseReason.TIMEOUT);
    }

    private void delayedAckTimeout() {
        if (state != TcpState.CLOSED) emitAck();
    }

    /**
     * RFC 9293 §3.8.6.1: probe a zero window with one byte (the same byte until it is taken), backing
     * off like the RTO; a small window that SWS avoidance held back is used as it is (the override timeout).
     */
    private void persistTimeout() {
        if (state == TcpState.CLOSED || state == TcpState.TIME_WAIT || rtxTimer.running()) return;
        long stop = sendStop(queue.end() + 1);
        if (sndUna >= stop) return;                  // nothing to send, or only what a lock holds
        probes++;
        if (sndWnd == 0) {
            long at = sndMax > sndUna ? sndUna : sndNxt;
            sndNxt = Math.max(sndNxt, at + sendSegment(at, 1));
            persistTimer.start(persistDelay());
        } else {
            int len = (int) Math.min(smss, Math.min(stop - sndNxt, sndUna + sndWnd - sndNxt));
            if (len > 0) sndNxt += sendSegment(sndNxt, len);
        }
    }

    /** The timestamp clock; it starts at 1 so that an echoed 0 always means "nothing to echo". */
    private int tsClock() { return (int) (sim.now() / config.timestampTickNs()) + 1; }

    private long persistDelay() { return Math.min(rtt.rto() << Math.min(probes, 20), config.maxRtoNs()); }

    /**
     * RFC 6298 §2 on every ACK that completes segments, timed from the virtual send time of the newest
     * (the echoed timestamp's tick is far coarser than a fast link's RTT). No sample when the ACK covers
     * a retransmission (Karn), nor when that segment was SACKed before (this ACK is not its first).
     * Returns that send time, or -1 when there was no sample.
     */
    private long rttSample(long ackOff, long flight) {
        long sentAt = rtt.ackedTo(ackOff);
        if (sentAt < 0 || recovery.isSacked(rtt.lastAckedEnd() - 1)) return -1;
        rtt.sample(sim.now() - sentAt, flight, smss);
        return sentAt;
    }

    // ---------------------------------------------------------------- ICMP errors

    /**
     * An ICMP error about a segment starting at {@code seq}; false when {@code seq} is not in
     * SND.UNA..SND.MAX (RFC 5927 §4.1: likely forged or stale, ignored). Protocol and port unreachable
     * are hard errors and end a connection that is still opening (RFC 1122 §4.2.3.9 "SHOULD abort");
     * the others are soft: kept, and reported if the connection times out.
     */
    boolean icmpError(int type, int code, int seq) {
        long off = sendOff(seq);
        if (off < sndUna || off >= sndMax) return false;
        boolean hard = type == ErrorReporter.DESTINATION_UNREACHABLE
                && (code == ErrorReporter.PROTOCOL_UNREACHABLE || code == ErrorReporter.PORT_UNREACHABLE);
        if (hard && (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED)) terminate(CloseReason.REFUSED);
        else softError = type << 8 | code;
        return true;
    }

    /** The last soft ICMP error about this connection's segments ({@code type << 8 | code}), or -1. */
    public int softError() { return softError; }

    // ---------------------------------------------------------------- ending

    /** Removes the connection; tells the application unless {@code reason} is null or it already knows. */
    private void terminate(CloseReason reason) {
        state = TcpState.CLOSED;
        rtxTimer.stop();
        delackTimer.stop();
        persistTimer.stop();
        endTimer.stop();
        tcp.remove(this);
        if (ackListeners != null) tellAckListenersClosed();
        if (listener != null) {                  // never accepted: the application does not know it
            listener.halfOpen--;
            listener = null;
        } else if (reason != null) {
            report(reason);
        }
    }

    /**
     * Tells the application the connection ended. A graceful end waits for the data (and the FIN) it
     * has not read yet, which {@link #resumeReading} still delivers, so it hears data, peerClosed,
     * closed in that order; a RST in TIME-WAIT meanwhile changes nothing for it. Any other end
     * discards what was held back while reading was paused, as a reset does.
     */
    private void report(CloseReason reason) {
        if (reported) return;
        reported = true;
        closeReason = reason;
        if (reason != CloseReason.NORMAL && readPaused) discardUnread();
        upcall(OWED_CLOSED);
    }

    private void discardUnread() {
        unreadFirst = null;
        if (unread != null) unread.clear();
        unreadBytes = 0;
        owed &= ~OWED_PEER_CLOSED;
    }

    /** Bytes held back from a paused reader: they narrow the window (data owed to a reader that is not paused is as good as read). */
    private long heldBytes() { return readPaused ? unreadBytes : 0; }

    // ---------------------------------------------------------------- the application's calls

    /** Owes the application {@code event} (an OWED_* bit, or 0 for data): called at once if its handler only deposits, else from the drain. */
    private void upcall(int event) {
        owed |= event;
        if (handler != null && handler.depositsOnly()) run();
        else upcalls.mark(this);
    }

    /** Makes the calls owed, in the order TCP learns things (ACK before data, data before FIN, FIN before the end); each guarded. */
    @Override
    protected void run() {
        while (true) {
            try {
                if (!callNext()) return;
            } catch (RuntimeException | StackOverflowError e) {
                if (owner != null) machine.fail(owner, e);
                else machine.internalError("a TCP application callback", e);
            }
        }
    }

    /** Makes the next owed call; false when none can be made now (none owed, or the rest waits for a paused reader). */
    private boolean callNext() {
        int o = owed;
        if ((o & OWED_ACCEPT) != 0) {
            owed = o & ~OWED_ACCEPT;
            AcceptHandler a = acceptor;
            acceptor = null;
            handler = NO_HANDLER;                           // also if accepted() throws
            ConnectionHandler h = a.accepted(this);
            if (h != null) handler = h;
            return true;
        }
        if ((o & OWED_CONNECTED) != 0) { owed = o & ~OWED_CONNECTED; handler.connected(this); return true; }
        if ((o & OWED_WRITABLE) != 0) { owed = o & ~OWED_WRITABLE; handler.writable(this); return true; }
        if ((o & OWED_FIN_ACKED) != 0) { owed = o & ~OWED_FIN_ACKED; handler.finAcked(this); return true; }
        if (unreadBytes > 0) {
            if (readPaused) {
                if ((o & OWED_CLOSED) == 0 || closeReason == CloseReason.NORMAL) return false;
                discardUnread();                            // paused while a reset was owed: as a reset does
                return true;
            }
            Message m = unreadFirst;
            unreadFirst = unread == null ? null : unread.poll();
            unreadBytes -= m.length();
            handler.data(this, m);
            return true;
        }
        if ((o & OWED_PEER_CLOSED) != 0) { owed = o & ~OWED_PEER_CLOSED; handler.peerClosed(this); return true; }
        if ((o & OWED_CLOSED) != 0) { owed = 0; handler.closed(this, closeReason); return true; }
        return false;
    }

    @Override
    protected Application application() { return owner; }

    // ---------------------------------------------------------------- sequence numbers

    private int sendSeq(long off) { return iss + (int) off; }
    private long sendOff(int seq) { return sndUna + (seq - sendSeq(sndUna)); }
    private int rcvSeq(long off) { return irs + (int) off; }
    private long rcvOff(int seq) { return rcvNxt + (seq - rcvSeq(rcvNxt)); }
}
