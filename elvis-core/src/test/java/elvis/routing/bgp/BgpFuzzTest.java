package elvis.routing.bgp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.routing.Prefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated BGP messages sent over TCP to a speaker in OpenSent, OpenConfirm and Established: each is
 * handled (routes learned, withdrawn, or dropped and counted as loops or bad next hops) or ends the
 * connection with a NOTIFICATION of the RFC's codes; nothing escapes as an exception, and the
 * speaker still works afterwards. A CI-sized slice of 10^4 (each message on its own connection
 * state); {@code -Dfuzz.bgp=1000000} runs the 10^6.
 */
class BgpFuzzTest {
    static final long MS = 1_000_000, S = 1_000 * MS;
    static final int TOTAL = Integer.getInteger("fuzz.bgp", 10_000);
    static final int SPEAKER = Ipv4Address.parse("10.0.0.1"), PEER = Ipv4Address.parse("10.0.0.2");

    final Simulation sim = new Simulation(19);
    final Machine speakerMachine = sim.machine("speaker"), peerMachine = sim.machine("peer");
    final Bgp bgp;
    final BgpFsmTest.Script owner = new BgpFsmTest.Script();
    BgpFsmTest.Script script;

    BgpFuzzTest() {
        Network n = sim.link("l", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.STATIC);
        sim.connect(speakerMachine, n, SPEAKER, 24);
        sim.connect(peerMachine, n, PEER, 24);
        sim.router(speakerMachine);
        bgp = new Bgp(new BgpConfig(65001, 0, List.of(new BgpNeighbor(PEER, 65002)), List.of(Prefix.parse("10.1.0.0/16")), Set.of(), 0,
                90 * S, S, 30 * S, 5 * S));
        speakerMachine.addApplication(bgp);
        peerMachine.addApplication(owner);
        sim.runUntil(S / 2);
    }

    void run(long ns) { sim.runUntil(sim.kernel().now() + ns); }

    /** A fresh connection from the peer, taken to {@code stage}: 0 OpenSent, 1 OpenConfirm, 2 Established. */
    void connect(int stage) {
        script = new BgpFsmTest.Script();
        script.tcp = Tcp.of(peerMachine).connect(PEER, 0, SPEAKER, 179, null, owner, script);
        run(10 * MS);
        if (stage >= 1) script.send(BgpMessage.Open.of(65002, 90, PEER));
        if (stage >= 2) script.send(BgpMessage.Keepalive.INSTANCE);
        run(10 * MS);
    }

    @Test
    void mutatedMessagesAreHandledOrEndInANotification() {
        Random rnd = new Random(19);
        byte[][] seeds = BgpCodecFuzzTest.seeds();
        PathAttributes fromPeer = PathAttributes.builder().asPath(AsPath.sequence(65002, 7)).nextHop(PEER).communities(1).build();
        byte[] validUpdate = BgpMessage.Update.announce(fromPeer, List.of(Prefix.parse("192.0.2.0/24"), Prefix.parse("198.51.100.0/24"))).encode(true);
        long notifications = 0, connections = 0;
        for (int i = 0; i < TOTAL; i++) {
            if (script == null || script.closed || script.notification() != null) {
                if (script != null && script.tcp.state() != elvis.protocol.tcp.TcpState.CLOSED) script.tcp.abort();
                run(20 * MS);
                connect(rnd.nextInt(8) == 0 ? rnd.nextInt(2) : 2);
                connections++;
            }
            byte[] seed = rnd.nextInt(3) == 0 ? validUpdate : seeds[rnd.nextInt(seeds.length)];
            script.send(BgpCodecFuzzTest.mutate(rnd, seed));
            run(5 * MS);
            BgpMessage.Notification n = script.notification();
            if (n != null) {
                notifications++;
                assertThat(n.code()).isBetween(BgpError.HEADER, BgpError.CEASE);
            }
            if (i % 500 == 0) assertThat(speakerMachine.failures()).as("after message %d", i).isEmpty();
        }
        assertThat(speakerMachine.failures()).isEmpty();
        BgpSession s = bgp.sessions().get(0);
        assertThat(s.sent(BgpMessage.NOTIFICATION)).as("every error answered, counted once").isGreaterThanOrEqualTo(notifications);
        assertThat(notifications).as("the mutations reach the error paths").isGreaterThan(TOTAL / 10);
        assertThat(connections).as("and many messages are taken without one").isLessThan(TOTAL * 9L / 10);
        // The speaker still works: a clean session installs a clean route.
        if (script.tcp.state() != elvis.protocol.tcp.TcpState.CLOSED) script.tcp.abort();
        run(S);
        connect(2);
        long updates = s.received(BgpMessage.UPDATE), bad = s.badNextHops();
        script.send(BgpMessage.Update.withdraw(List.of()));
        script.send(validUpdate);
        run(S);                                  // the script's Nagle holds the second until the delayed ACK
        assertThat(s.received(BgpMessage.UPDATE)).isEqualTo(updates + 2);
        assertThat(s.badNextHops()).isEqualTo(bad);
        assertThat(bgp.best(Prefix.parse("198.51.100.0/24")).attributes().asPath()).isEqualTo(AsPath.sequence(65002, 7));
        assertThat(s.state()).isEqualTo(BgpState.ESTABLISHED);
        assertThat(Ipv4.of(speakerMachine).lookup(Ipv4Address.parse("192.0.2.1")).gateway()).isEqualTo(PEER);
    }
}
