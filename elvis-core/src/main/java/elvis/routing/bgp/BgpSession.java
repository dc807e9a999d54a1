package elvis.routing.bgp;

import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.TcpConnection;
import elvis.routing.Prefix;
import elvis.sim.Timer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One configured neighbour of a {@link Bgp} speaker: the finite-state machine of RFC 4271 §8 over
 * our TCP on port 179, its Adj-RIB-In and Adj-RIB-Out, and the pacing of its UPDATEs.
 *
 * <p>The FSM runs per TCP connection: a neighbour has at most two at once, the one we opened and the
 * one it opened, and collision detection (§6.8) keeps the one opened by the speaker with the higher
 * BGP Identifier. The neighbour's state is its most advanced connection's. After any error the
 * connection closes (with a NOTIFICATION when the error is ours to report) and the neighbour waits
 * ConnectRetryTime (Active) before connecting again, which is automatic restart.
 *
 * <p>Timers (§10), all but the hold timer jittered by a factor uniform in [0.75, 1] from the speaker's
 * stream: ConnectRetry 120 s; hold time the lower of the two OPENs' (90 s offered, 0 = none, 4 min
 * while waiting for the OPEN); keepalive a third of it; MinRouteAdvertisementInterval 30 s for eBGP,
 * 5 s for iBGP. MRAI paces every change sent to the neighbour, withdrawals included (§9.2.1.1).
 */
public final class BgpSession implements BgpPeer {
    private static final long S = 1_000_000_000L;
    /** The hold time while waiting for the peer's OPEN (§8.2.2: "a large value", 4 minutes suggested). */
    static final long OPEN_HOLD_NS = 240 * S;
    /** How long a closed connection still reads what the peer sends before it is closed outright. */
    static final long LINGER_NS = 10 * S;

    private final Bgp bgp;
    private final int address;
    private final long asn;
    private final int configuredLocal;
    private int localAddress, routerId;
    private BgpState state = BgpState.IDLE;
    private Conn outgoing, incoming, established;
    private Timer connectRetry, mrai;
    private boolean flushQueued;

    final LinkedHashMap<Prefix, BgpRoute> adjRibIn = new LinkedHashMap<>();
    final LinkedHashMap<Prefix, PathAttributes> adjRibOut = new LinkedHashMap<>();
    private final LinkedHashSet<Prefix> pending = new LinkedHashSet<>();

    // Counters for results and tests.
    long[] sent = new long[5], received = new long[5];
    long bytesSent, establishedCount, loops, badNextHops, collisions;
    private BgpMessage.Notification lastSent, lastReceived;

    BgpSession(Bgp bgp, int address, long asn, int localAddress) {
        this.bgp = bgp;
        this.address = address;
        this.asn = asn;
        this.configuredLocal = localAddress;
        this.localAddress = localAddress;
    }

    @Override public int address() { return address; }
    @Override public int localAddress() { return localAddress; }
    @Override public long asn() { return asn; }
    @Override public long localAsn() { return bgp.asn(); }
    @Override public int routerId() { return routerId; }
    @Override public int localRouterId() { return bgp.routerId(); }

    public BgpState state() { return state; }

    /** The NOTIFICATIONs last sent to and received from this neighbour (null when none). */
    public BgpMessage.Notification lastNotificationSent() { return lastSent; }
    public BgpMessage.Notification lastNotificationReceived() { return lastReceived; }

    /** How many times the session reached Established. */
    public long establishedCount() { return establishedCount; }

    /** Messages of {@code type} (1–4) sent and received. */
    public long sent(int type) { return sent[type]; }
    public long received(int type) { return received[type]; }

    /** Routes the neighbour sent that were dropped for an AS_PATH loop (§9.1.2) or our own NEXT_HOP (§6.3). */
    public long loops() { return loops; }
    public long badNextHops() { return badNextHops; }

    /** Connections closed by collision detection (§6.8). */
    public long collisions() { return collisions; }

    /** The routes learned from this neighbour (after import policy), in arrival order. */
    public Map<Prefix, BgpRoute> adjRibIn() { return java.util.Collections.unmodifiableMap(adjRibIn); }

    /** What we advertised to it, as sent, in order. */
    public Map<Prefix, PathAttributes> adjRibOut() { return java.util.Collections.unmodifiableMap(adjRibOut); }

    // ---------------------------------------------------------------- FSM: start, stop, connect

    /** ManualStart/AutomaticStart (events 1, 3): Idle → Connect. */
    void start() {
        if (state != BgpState.IDLE) return;
        state = BgpState.CONNECT;
        connect();
    }

    /** ManualStop (event 2): Cease (administrative shutdown) on every connection, then Idle. */
    void stop(int ceaseSubcode) {
        state = BgpState.IDLE;
        cancel(connectRetry);
        connectRetry = null;
        for (Conn c : conns()) c.fail(new BgpError(BgpError.CEASE, ceaseSubcode, new byte[0]));
    }

    /** Administrative reset (Cease, subcode 4): the session goes down and comes up again after ConnectRetry. */
    void reset() {
        for (Conn c : conns()) c.fail(new BgpError(BgpError.CEASE, BgpError.ADMINISTRATIVE_RESET, new byte[0]));
    }

    private List<Conn> conns() {
        List<Conn> l = new ArrayList<>(2);
        if (outgoing != null) l.add(outgoing);
        if (incoming != null) l.add(incoming);
        return l;
    }

    private void connect() {
        outgoing = new Conn(true);
        outgoing.tcp = bgp.connect(configuredLocal, address, outgoing);
        restartConnectRetry();
    }

    private void restartConnectRetry() {
        cancel(connectRetry);
        connectRetry = bgp.timer(bgp.jitter(bgp.connectRetryNs()), this::connectRetryExpired);
    }

    /** ConnectRetryTimer_Expires (event 9): in Connect or Active, a fresh attempt. */
    private void connectRetryExpired() {
        connectRetry = null;
        if (state != BgpState.CONNECT && state != BgpState.ACTIVE) return;
        if (outgoing != null && outgoing.state == BgpState.CONNECT) outgoing.drop();
        if (outgoing == null && incoming == null) {
            state = BgpState.CONNECT;
            connect();
        } else restartConnectRetry();
    }

    /** The peer connected to us (event 17 on the passive side); false when the neighbour is stopped. */
    ConnectionHandler accepted(TcpConnection tcp) {
        if (state == BgpState.IDLE || incoming != null) return null;
        Conn c = new Conn(false);
        c.tcp = tcp;
        incoming = c;
        c.opened();
        return c;
    }

    private void removed(Conn c) {
        if (c == outgoing) outgoing = null;
        if (c == incoming) incoming = null;
        if (c == established) {
            established = null;
            down();
        }
        if (state == BgpState.IDLE) return;
        updateState();
        if (outgoing == null && incoming == null) {
            state = BgpState.ACTIVE;
            if (connectRetry == null) restartConnectRetry();
        }
    }

    private void updateState() {
        if (state == BgpState.IDLE) return;
        BgpState s = outgoing == null && incoming == null ? BgpState.ACTIVE : BgpState.CONNECT;
        for (Conn c : conns()) if (c.state.compareTo(s) > 0) s = c.state;
        state = s;
    }

    // ---------------------------------------------------------------- Established: routes

    private void up(Conn c) {
        established = c;
        establishedCount++;
        cancel(connectRetry);
        connectRetry = null;
        Conn other = c == outgoing ? incoming : outgoing;
        if (other != null && other.state == BgpState.CONNECT) other.drop();
        else if (other != null) other.fail(new BgpError(BgpError.CEASE, BgpError.COLLISION_RESOLUTION, new byte[0]));
        updateState();
        bgp.sessionUp(this);
    }

    /** The session left Established: its routes go (§9.1.3 and §8: release all resources). */
    private void down() {
        cancel(mrai);
        mrai = null;
        pending.clear();
        adjRibOut.clear();
        List<Prefix> gone = new ArrayList<>(adjRibIn.keySet());
        adjRibIn.clear();
        bgp.sessionDown(this, gone);
    }

    boolean isEstablished() { return established != null; }

    /** Whether the established connection is the one we opened (collision detection's survivor, §6.8). */
    boolean establishedOurs() { return established != null && established.ours; }

    /** An UPDATE in Established (§9): withdrawals, then the NLRI with their attributes. */
    private void update(BgpMessage.Update u) throws BgpError {
        for (Prefix p : u.withdrawn()) if (adjRibIn.remove(p) != null) bgp.changed(p);
        if (u.nlri().isEmpty()) return;
        PathAttributes a = u.attributes();
        if (ebgp()) {
            if (established.four && a.asPath().firstAs() != asn)       // §6.3: the leftmost AS is the neighbour's
                throw new BgpError(BgpError.UPDATE, BgpError.MALFORMED_AS_PATH, new byte[0]);
            if (a.localPref() >= 0) a = a.toBuilder().localPref(-1).build();   // §5.1.5: ignored from eBGP
        }
        boolean drop;
        if (bgp.isLocal(a.nextHop())) {                                 // semantically wrong NEXT_HOP: ignored (§6.3)
            badNextHops += u.nlri().size();
            drop = true;
        } else if (a.asPath().contains(bgp.asn())) {                   // AS_PATH loop (§9.1.2)
            loops += u.nlri().size();
            drop = true;
        } else drop = false;
        a = bgp.intern(a);
        PathAttributes lastImported = a, lastInterned = a;         // the policy mostly gives one set for the whole UPDATE
        for (Prefix p : u.nlri()) {
            PathAttributes imported = drop ? null : bgp.policy().onImport(this, p, a);
            if (imported != null && imported != lastImported) lastInterned = bgp.intern(lastImported = imported);
            BgpRoute old = imported == null ? adjRibIn.remove(p) : adjRibIn.put(p, new BgpRoute(p, lastInterned, this, 0));
            if (old != null || imported != null) bgp.changed(p);
        }
    }

    /**
     * The Loc-RIB route to {@code p} changed: tell the neighbour at the end of this event, or, while
     * MRAI runs, when it expires. RFC 4271 §9.2.1.1 paces "an advertisement and/or withdrawal" alike
     * (RFC 1771 exempted withdrawals); changes to one prefix in between collapse into the last.
     */
    void schedule(Prefix p) {
        if (established == null) return;
        pending.add(p);
        if (mrai == null && !flushQueued) {
            flushQueued = true;
            bgp.afterEvent(() -> { flushQueued = false; flush(); });
        }
    }

    private void mraiExpired() {
        mrai = null;
        if (!pending.isEmpty()) flush();
    }

    /**
     * Sends what changed in pending prefixes: withdrawals packed into UPDATEs, then announcements
     * grouped by attributes, each UPDATE within 4096 bytes; then MRAI runs if anything went.
     */
    private void flush() {
        if (established == null || mrai != null || pending.isEmpty()) return;
        List<Prefix> withdrawn = new ArrayList<>();
        LinkedHashMap<PathAttributes, List<Prefix>> announce = new LinkedHashMap<>();
        for (Prefix p : pending) {
            PathAttributes a = bgp.exportTo(this, p);
            PathAttributes was = adjRibOut.get(p);
            if (a == null) {
                if (was != null) {
                    adjRibOut.remove(p);
                    withdrawn.add(p);
                }
            } else if (!a.equals(was)) {
                adjRibOut.put(p, a);
                announce.computeIfAbsent(a, k -> new ArrayList<>()).add(p);
            }
        }
        pending.clear();
        Conn c = established;
        int room = BgpMessage.MAX_LENGTH - BgpMessage.HEADER_LENGTH - 4;
        for (int i = 0; i < withdrawn.size(); ) {
            int used = 0, from = i;
            while (i < withdrawn.size() && used + BgpMessage.prefixLength(withdrawn.get(i)) <= room) used += BgpMessage.prefixLength(withdrawn.get(i++));
            c.send(BgpMessage.Update.withdraw(withdrawn.subList(from, i)));
        }
        for (Map.Entry<PathAttributes, List<Prefix>> e : announce.entrySet()) {
            List<Prefix> nlri = e.getValue();
            int left = room - e.getKey().encodedLength(c.four);
            for (int i = 0; i < nlri.size(); ) {
                int used = 0, from = i;
                while (i < nlri.size() && used + BgpMessage.prefixLength(nlri.get(i)) <= left) used += BgpMessage.prefixLength(nlri.get(i++));
                c.send(BgpMessage.Update.announce(e.getKey(), nlri.subList(from, i)));
            }
        }
        long interval = bgp.mraiNs(ebgp());
        if ((!withdrawn.isEmpty() || !announce.isEmpty()) && interval > 0) mrai = bgp.timer(bgp.jitter(interval), this::mraiExpired);
    }

    private static void cancel(Timer t) { if (t != null) t.cancel(); }

    @Override
    public String toString() {
        return "neighbour " + elvis.protocol.ipv4.Ipv4Address.format(address) + " AS" + asn + " (" + state + ")";
    }

    // ---------------------------------------------------------------- one TCP connection's FSM

    /** One TCP connection to the neighbour and the FSM states it goes through (Connect to Established). */
    final class Conn implements ConnectionHandler {
        final boolean ours;
        TcpConnection tcp;
        BgpState state = BgpState.CONNECT;
        boolean four = true, closed;
        private byte[] buf = new byte[BgpMessage.HEADER_LENGTH];
        private int len;
        private long holdNs = OPEN_HOLD_NS, keepaliveNs, heardNs, sentNs;
        private Timer hold, keepalive;
        private final ArrayDeque<Message> out = new ArrayDeque<>();

        Conn(boolean ours) { this.ours = ours; }

        @Override
        public void connected(TcpConnection c) { bgp.guard(this::opened); }

        /** TCP is up (events 16/17): send our OPEN, wait for the peer's with the large hold time. */
        void opened() {
            if (closed) return;
            localAddress = tcp.localIp();
            state = BgpState.OPEN_SENT;
            send(BgpMessage.Open.of(bgp.asn(), bgp.holdTimeSeconds(), bgp.routerId()));
            heardNs = bgp.now();
            armHold();
            updateState();
        }

        @Override
        public void data(TcpConnection c, Message data) {
            bgp.guard(() -> {
                if (closed) return;
                append(data);
                try {
                    drain();
                } catch (BgpError e) {
                    fail(e);
                }
            });
        }

        private void append(Message data) {
            int n = data.length();
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            data.copyTo(buf, len);
            len += n;
        }

        /** Cuts whole messages off the stream (§4.1) and runs each. */
        private void drain() throws BgpError {
            int at = 0;
            while (!closed && len - at >= BgpMessage.HEADER_LENGTH) {
                int size = BgpMessage.frameLength(buf, at);
                if (len - at < size) break;
                byte[] m = Arrays.copyOfRange(buf, at, at + size);
                at += size;
                receive(BgpMessage.parse(m, four));
            }
            if (closed) return;
            System.arraycopy(buf, at, buf, 0, len - at);
            len -= at;
        }

        private void receive(BgpMessage m) throws BgpError {
            received[m.type()]++;
            heardNs = bgp.now();
            switch (m) {
                case BgpMessage.Notification n -> {                   // event 24/25: the peer closes
                    lastReceived = n;
                    close();
                }
                case BgpMessage.Open o -> {
                    if (state != BgpState.OPEN_SENT) throw fsmError();
                    open(o);
                }
                case BgpMessage.Keepalive k -> {
                    if (state == BgpState.OPEN_CONFIRM) {
                        state = BgpState.ESTABLISHED;
                        up(this);
                    } else if (state != BgpState.ESTABLISHED) throw fsmError();
                }
                case BgpMessage.Update u -> {
                    if (state != BgpState.ESTABLISHED) throw fsmError();
                    update(u);
                }
            }
        }

        /** RFC 6608 subcodes: the state the unexpected message arrived in. */
        private BgpError fsmError() {
            int sub = switch (state) { case OPEN_SENT -> 1; case OPEN_CONFIRM -> 2; case ESTABLISHED -> 3; default -> 0; };
            return new BgpError(BgpError.FSM, sub, new byte[0]);
        }

        /** The peer's OPEN in OpenSent (§6.2 checks, §6.8 collision, §4.2 hold time). */
        private void open(BgpMessage.Open o) throws BgpError {
            if (o.asn() != asn) throw new BgpError(BgpError.OPEN, BgpError.BAD_PEER_AS, new byte[0]);
            int id = o.bgpIdentifier();
            if (id == 0 || id == bgp.routerId() || (id >>> 28) >= 0xE)
                throw new BgpError(BgpError.OPEN, BgpError.BAD_BGP_IDENTIFIER, new byte[0]);
            routerId = id;
            four = o.fourByteAs();
            Conn other = this == outgoing ? incoming : outgoing;
            if (other != null) {
                if (other.state == BgpState.ESTABLISHED) {
                    collisions++;
                    fail(new BgpError(BgpError.CEASE, BgpError.COLLISION_RESOLUTION, new byte[0]));
                    return;
                }
                if (other.state == BgpState.OPEN_SENT || other.state == BgpState.OPEN_CONFIRM) {
                    // The connection opened by the speaker with the higher identifier survives.
                    boolean keepOurs = Integer.compareUnsigned(bgp.routerId(), id) > 0;
                    Conn loser = keepOurs ? (ours ? other : this) : (ours ? this : other);
                    collisions++;
                    loser.fail(new BgpError(BgpError.CEASE, BgpError.COLLISION_RESOLUTION, new byte[0]));
                    if (loser == this) return;
                } else other.drop();                                    // still in the TCP handshake
            }
            long negotiated = Math.min(bgp.holdTimeSeconds(), o.holdTime());
            holdNs = negotiated * S;
            keepaliveNs = holdNs / 3;
            state = BgpState.OPEN_CONFIRM;
            send(BgpMessage.Keepalive.INSTANCE);
            armHold();
            armKeepalive();
            updateState();
        }

        private void armHold() {
            if (hold != null) hold.cancel();
            hold = holdNs == 0 ? null : bgp.timer(heardNs + holdNs - bgp.now(), this::holdCheck);
        }

        /** The hold timer, kept as one timer re-armed from the last message heard. */
        private void holdCheck() {
            hold = null;
            if (closed) return;
            long due = heardNs + holdNs;
            if (bgp.now() < due) hold = bgp.timer(due - bgp.now(), this::holdCheck);
            else fail(new BgpError(BgpError.HOLD_TIMER_EXPIRED, 0, new byte[0]));   // event 10
        }

        private void armKeepalive() {
            if (keepalive != null) keepalive.cancel();
            keepalive = keepaliveNs == 0 ? null : bgp.timer(bgp.jitter(keepaliveNs), this::keepaliveCheck);
        }

        /** KeepaliveTimer_Expires (event 11); any message sent since counts as one (§8.2.2). */
        private void keepaliveCheck() {
            keepalive = null;
            if (closed) return;
            long since = bgp.now() - sentNs;
            if (since >= keepaliveNs * 3 / 4) send(BgpMessage.Keepalive.INSTANCE);
            armKeepalive();
        }

        void send(BgpMessage m) {
            if (closed) return;
            byte[] b = m.encode(four);
            sent[m.type()]++;
            bytesSent += b.length;
            sentNs = bgp.now();
            if (m instanceof BgpMessage.Notification n) lastSent = n;
            bgp.sentMessage(b.length);
            out.add(Message.wrap(b));
            push();
        }

        private void push() {
            while (!out.isEmpty() && !closed) {
                Message head = out.peek();
                int n = tcp.send(head);
                if (n == head.length()) out.poll();
                else {
                    out.poll();
                    out.addFirst(head.slice(n));
                    return;
                }
            }
        }

        @Override
        public void writable(TcpConnection c) { bgp.guard(this::push); }

        @Override
        public void peerClosed(TcpConnection c) {
            bgp.guard(() -> {
                close();
                release();
            });
        }

        @Override
        public void closed(TcpConnection c, CloseReason reason) { bgp.guard(this::close); }

        /** Sends the NOTIFICATION for {@code e} (once TCP is up), closes, and tells the neighbour. */
        void fail(BgpError e) {
            if (closed) return;
            if (state != BgpState.CONNECT) send(e.toNotification());
            close();
        }

        /** Drops the connection at once (a TCP attempt given up, or the loser of a handshake race). */
        void drop() {
            if (closed) return;
            closed = true;
            tcp.abort();
            finish();
        }

        /**
         * Ends the session on this connection: a FIN after what we sent (the NOTIFICATION), while
         * what the peer still sends is read and ignored (closing outright would answer it with a
         * RST); the connection is closed for good when the peer's FIN comes, or after a while.
         */
        private void close() {
            if (closed) return;
            closed = true;
            if (tcp.state() != elvis.protocol.tcp.TcpState.CLOSED) {
                tcp.shutdownOutput();
                bgp.timer(LINGER_NS, this::release);
            }
            finish();
        }

        private void release() {
            if (tcp.state() != elvis.protocol.tcp.TcpState.CLOSED) tcp.close();
        }

        private void finish() {
            if (hold != null) hold.cancel();
            if (keepalive != null) keepalive.cancel();
            hold = keepalive = null;
            out.clear();
            removed(this);
        }
    }
}
