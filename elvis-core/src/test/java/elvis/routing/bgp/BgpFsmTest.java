package elvis.routing.bgp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;
import elvis.routing.Prefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The speaker's FSM driven by a scripted peer over TCP (RFC 4271 §8.2.2, §6): each wrong message in
 * each state gets the NOTIFICATION the RFC names and the connection closes; the right ones move
 * the session on. The peer at 10.0.0.2 (AS 65002) talks to the speaker at 10.0.0.1 (AS 65001).
 */
class BgpFsmTest {
    static final long MS = 1_000_000, S = 1_000 * MS;
    static final int SPEAKER = Ipv4Address.parse("10.0.0.1"), PEER = Ipv4Address.parse("10.0.0.2");
    static final PathAttributes ATTRS = PathAttributes.builder().asPath(AsPath.sequence(65002)).nextHop(PEER).build();
    static final Prefix NET = Prefix.parse("192.0.2.0/24");

    /** A scripted peer: connects, sends what it is told, keeps what arrives. */
    static final class Script implements Application, ConnectionHandler {
        final List<BgpMessage> received = new ArrayList<>();
        byte[] buf = new byte[0];
        TcpConnection tcp;
        boolean closed;

        @Override public String name() { return "script"; }
        @Override public void start(Machine m) { }
        @Override public String summary() { return ""; }

        @Override
        public void data(TcpConnection c, Message data) {
            byte[] b = Arrays.copyOf(buf, buf.length + data.length());
            data.copyTo(b, buf.length);
            buf = b;
            while (buf.length >= 19) {
                int len = (buf[16] & 0xFF) << 8 | (buf[17] & 0xFF);
                if (buf.length < len) break;
                try {
                    received.add(BgpMessage.parse(Arrays.copyOf(buf, len), true));
                } catch (BgpError e) {
                    throw new AssertionError(e);
                }
                buf = Arrays.copyOfRange(buf, len, buf.length);
            }
        }

        @Override public void peerClosed(TcpConnection c) { closed = true; }
        @Override public void closed(TcpConnection c, CloseReason reason) { closed = true; }

        void send(BgpMessage m) { tcp.send(Message.wrap(m.encode(true))); }
        void send(byte[] b) { tcp.send(Message.wrap(b)); }

        BgpMessage.Notification notification() {
            for (BgpMessage m : received) if (m instanceof BgpMessage.Notification n) return n;
            return null;
        }

        long count(int type) { return received.stream().filter(m -> m.type() == type).count(); }
    }

    final Simulation sim = new Simulation(7);
    final Machine speakerMachine = sim.machine("speaker"), peerMachine = sim.machine("peer");
    final Script script = new Script();
    final Bgp bgp;

    BgpFsmTest() {
        Network n = sim.link("l", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.STATIC);
        sim.connect(speakerMachine, n, SPEAKER, 24);
        sim.connect(peerMachine, n, PEER, 24);
        sim.router(speakerMachine);
        bgp = new Bgp(new BgpConfig(65001, 0, List.of(new BgpNeighbor(PEER, 65002)), List.of(Prefix.parse("10.1.0.0/16")), Set.of(), 0,
                90 * S, 120 * S, 30 * S, 5 * S));
        speakerMachine.addApplication(bgp);
        peerMachine.addApplication(script);
        sim.runUntil(S);                                 // the speaker's own attempt is refused: it waits in Active
        assertThat(session().state()).isEqualTo(BgpState.ACTIVE);
        script.tcp = Tcp.of(peerMachine).connect(SPEAKER, 179, script, script);
        run(1);
    }

    BgpSession session() { return bgp.sessions().get(0); }

    void run(double seconds) { sim.runUntil(sim.kernel().now() + (long) (seconds * S)); }

    void assertClosedWith(int code, int subcode) {
        run(1);
        BgpMessage.Notification n = script.notification();
        assertThat(n).as("a NOTIFICATION").isNotNull();
        assertThat(n.code()).as("code").isEqualTo(code);
        assertThat(n.subcode()).as("subcode").isEqualTo(subcode);
        assertThat(script.closed).as("the connection closed").isTrue();
        assertThat(session().state()).isIn(BgpState.ACTIVE, BgpState.CONNECT);
        assertThat(speakerMachine.failures()).isEmpty();
    }

    void establish(int hold) {
        assertThat(script.received.get(0)).isInstanceOf(BgpMessage.Open.class);
        assertThat(session().state()).isEqualTo(BgpState.OPEN_SENT);
        script.send(BgpMessage.Open.of(65002, hold, PEER));
        run(1);
        assertThat(session().state()).isEqualTo(BgpState.OPEN_CONFIRM);
        assertThat(script.count(BgpMessage.KEEPALIVE)).isEqualTo(1);
        script.send(BgpMessage.Keepalive.INSTANCE);
        run(1);
        assertThat(session().state()).isEqualTo(BgpState.ESTABLISHED);
    }

    @Test
    void theSpeakersOpenOffersItsAsHoldTimeAndTheFourOctetCapability() {
        BgpMessage.Open o = (BgpMessage.Open) script.received.get(0);
        assertThat(o.asn()).isEqualTo(65001);
        assertThat(o.holdTime()).isEqualTo(90);
        assertThat(o.fourByteAs()).isTrue();
        assertThat(o.bgpIdentifier()).isEqualTo(SPEAKER);
    }

    @Test
    void openFromTheWrongAsIsBadPeerAs() {
        script.send(BgpMessage.Open.of(65009, 90, PEER));
        assertClosedWith(BgpError.OPEN, BgpError.BAD_PEER_AS);
    }

    @Test
    void openWithAZeroOrOurIdentifierIsBadBgpIdentifier() {
        script.send(BgpMessage.Open.of(65002, 90, 0));
        assertClosedWith(BgpError.OPEN, BgpError.BAD_BGP_IDENTIFIER);
    }

    @Test
    void holdTimeOfTwoSecondsIsUnacceptable() {
        script.send(BgpMessage.Open.of(65002, 2, PEER));
        assertClosedWith(BgpError.OPEN, BgpError.UNACCEPTABLE_HOLD_TIME);
    }

    @Test
    void aBadMarkerIsConnectionNotSynchronized() {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode(true);
        b[0] = 0;
        script.send(b);
        assertClosedWith(BgpError.HEADER, BgpError.CONNECTION_NOT_SYNCHRONIZED);
    }

    @Test
    void aBadLengthOrTypeIsAHeaderError() {
        byte[] b = BgpMessage.Keepalive.INSTANCE.encode(true);
        b[18] = 9;
        script.send(b);
        assertClosedWith(BgpError.HEADER, BgpError.BAD_MESSAGE_TYPE);
    }

    @Test
    void anUpdateOrKeepaliveInOpenSentIsAnFsmError() {
        script.send(BgpMessage.Update.announce(ATTRS, List.of(NET)));
        assertClosedWith(BgpError.FSM, 1);                                    // RFC 6608: in OpenSent
    }

    @Test
    void anUpdateInOpenConfirmIsAnFsmError() {
        script.send(BgpMessage.Open.of(65002, 90, PEER));
        run(1);
        script.send(BgpMessage.Update.announce(ATTRS, List.of(NET)));
        assertClosedWith(BgpError.FSM, 2);
    }

    @Test
    void aSecondOpenInEstablishedIsAnFsmErrorAndTheRoutesGo() {
        establish(90);
        script.send(BgpMessage.Update.announce(ATTRS, List.of(NET)));
        run(1);
        assertThat(bgp.best(NET)).isNotNull();
        script.send(BgpMessage.Open.of(65002, 90, PEER));
        assertClosedWith(BgpError.FSM, 3);
        assertThat(bgp.best(NET)).isNull();
    }

    @Test
    void establishedAdvertisesOurNetworkWithOurAsAndAddress() {
        establish(90);
        run(1);
        BgpMessage.Update u = (BgpMessage.Update) script.received.stream().filter(m -> m.type() == BgpMessage.UPDATE).findFirst().orElseThrow();
        assertThat(u.nlri()).containsExactly(Prefix.parse("10.1.0.0/16"));
        assertThat(u.attributes().asPath()).isEqualTo(AsPath.sequence(65001));
        assertThat(u.attributes().nextHop()).isEqualTo(SPEAKER);
        assertThat(u.attributes().localPref()).isEqualTo(-1);               // never to eBGP peers
    }

    @Test
    void aMissingMandatoryAttributeIsAnUpdateError() {
        establish(90);
        PathAttributes noNextHop = PathAttributes.builder().asPath(AsPath.sequence(65002)).build();
        byte[] b = BgpMessage.Update.announce(noNextHop, List.of(NET)).encode(true);
        // Cut NEXT_HOP 0.0.0.0 (the last attribute, 7 bytes) out, fixing both lengths.
        int attrs = (b[21] & 0xFF) << 8 | (b[22] & 0xFF);
        byte[] cut = new byte[b.length - 7];
        System.arraycopy(b, 0, cut, 0, 23 + attrs - 7);
        System.arraycopy(b, 23 + attrs, cut, 23 + attrs - 7, b.length - 23 - attrs);
        cut[16] = (byte) (cut.length >>> 8);
        cut[17] = (byte) cut.length;
        cut[22] = (byte) (attrs - 7);
        script.send(cut);
        assertClosedWith(BgpError.UPDATE, BgpError.MISSING_WELL_KNOWN);
    }

    @Test
    void aPathNotStartingWithThePeersAsIsMalformed() {
        establish(90);
        script.send(BgpMessage.Update.announce(ATTRS.toBuilder().asPath(AsPath.sequence(65009)).build(), List.of(NET)));
        assertClosedWith(BgpError.UPDATE, BgpError.MALFORMED_AS_PATH);
    }

    @Test
    void aLoopOrOurOwnNextHopIsDroppedQuietly() {
        establish(90);
        script.send(BgpMessage.Update.announce(ATTRS.toBuilder().asPath(AsPath.sequence(65002, 65001)).build(), List.of(NET)));
        script.send(BgpMessage.Update.announce(ATTRS.toBuilder().nextHop(SPEAKER).build(), List.of(Prefix.parse("192.0.3.0/24"))));
        run(1);
        assertThat(session().loops()).isEqualTo(1);
        assertThat(session().badNextHops()).isEqualTo(1);
        assertThat(bgp.locRib()).containsOnlyKeys(Prefix.parse("10.1.0.0/16"));
        assertThat(session().state()).isEqualTo(BgpState.ESTABLISHED);
        assertThat(script.notification()).isNull();
    }

    @Test
    void messagesSharingASegmentAreEachTaken() {
        establish(90);
        script.send(BgpMessage.Update.withdraw(List.of()));
        script.send(BgpMessage.Update.announce(ATTRS, List.of(NET)));
        run(1);
        assertThat(session().received(BgpMessage.UPDATE)).isEqualTo(2);
        assertThat(bgp.best(NET)).isNotNull();
    }

    @Test
    void aWithdrawalRemovesTheRouteFromTheTable() {
        establish(90);
        script.send(BgpMessage.Update.announce(ATTRS, List.of(NET)));
        run(1);
        assertThat(sim.find("speaker") == speakerMachine).isTrue();
        assertThat(elvis.protocol.ipv4.Ipv4.of(speakerMachine).lookup(Ipv4Address.parse("192.0.2.9")).gateway()).isEqualTo(PEER);
        script.send(BgpMessage.Update.withdraw(List.of(NET)));
        run(1);
        assertThat(bgp.best(NET)).isNull();
        assertThat(elvis.protocol.ipv4.Ipv4.of(speakerMachine).lookup(Ipv4Address.parse("192.0.2.9"))).isNull();
    }

    @Test
    void theLowerHoldTimeWinsAndZeroMeansNoKeepalives() {
        establish(30);
        long before = session().sent(BgpMessage.KEEPALIVE);
        for (int i = 0; i < 30; i++) {                                       // the script keeps the session up
            script.send(BgpMessage.Keepalive.INSTANCE);
            run(10);
        }
        long n = session().sent(BgpMessage.KEEPALIVE) - before;
        assertThat(n).isBetween(29L, 41L);                                   // every 10 s × U(0.75, 1) in 300 s
        assertThat(script.notification()).isNull();
        run(30);                                                             // then falls silent: 30 s hold time
        assertThat(script.notification().code()).isEqualTo(BgpError.HOLD_TIMER_EXPIRED);
    }

    @Test
    void holdTimeZeroKeepsASilentSessionUp() {
        establish(0);
        long before = session().sent(BgpMessage.KEEPALIVE);
        run(600);
        assertThat(session().sent(BgpMessage.KEEPALIVE)).isEqualTo(before);
        assertThat(session().state()).isEqualTo(BgpState.ESTABLISHED);
    }

    @Test
    void aNotificationFromThePeerEndsTheSessionWithoutAnAnswer() {
        establish(90);
        script.send(BgpMessage.Update.announce(ATTRS, List.of(NET)));
        run(1);
        script.send(new BgpMessage.Notification(BgpError.CEASE, BgpError.ADMINISTRATIVE_SHUTDOWN, new byte[0]));
        run(1);
        assertThat(session().state()).isIn(BgpState.ACTIVE, BgpState.CONNECT);
        assertThat(session().lastNotificationReceived().code()).isEqualTo(BgpError.CEASE);
        assertThat(script.count(BgpMessage.NOTIFICATION)).isZero();
        assertThat(bgp.best(NET)).isNull();
    }
}
