package elvis.protocol.dhcp;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Route;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The client, server and relay together, with times checked against RFC 2131's numbers. */
class DhcpTest {
    static final long S = 1_000_000_000L, MS = 1_000_000L;
    static final int NET = Ipv4Address.parse("10.0.0.0"), SERVER = Ipv4Address.parse("10.0.0.1"), GW = Ipv4Address.parse("10.0.0.254");

    /** A server at 10.0.0.1 and {@code n} DHCP clients on one LAN. */
    static final class Lan {
        final Simulation sim = new Simulation(7);
        final Network lan;
        final Machine serverMachine;
        final DhcpServer server;
        final List<DhcpClient> clients = new ArrayList<>();
        final DhcpCapture capture;

        Lan(int n, DhcpPool pool, LinkConfig link) {
            lan = sim.network("lan", link);
            serverMachine = sim.machine("server");
            sim.connect(serverMachine, lan, SERVER, 24);
            server = new DhcpServer(pool);
            serverMachine.addApplication(server);
            for (int i = 0; i < n; i++) {
                Machine m = sim.machine("c" + i);
                DhcpClient c = new DhcpClient(sim.connect(m, lan));
                m.addApplication(c);
                clients.add(c);
            }
            capture = new DhcpCapture(sim.kernel(), lan);
        }

        long mac(int i) { return clients.get(i).iface().device().mac(); }
    }

    static DhcpPool pool24() {
        return DhcpPool.subnet(NET, 24).router(GW).dns(Ipv4Address.parse("10.0.0.53")).domain("example.com");
    }

    @Test
    void twoClientsGetDistinctAddressesAndExchangeADatagram() {
        Lan n = new Lan(2, pool24(), LinkConfig.UNLIMITED);
        n.sim.runUntil(10 * S);
        DhcpClient a = n.clients.get(0), b = n.clients.get(1);
        assertThat(a.bound()).isTrue();
        assertThat(b.bound()).isTrue();
        assertThat(a.address()).isNotEqualTo(b.address());
        assertThat(a.address() & 0xFFFFFF00).isEqualTo(NET);
        assertThat(a.iface().prefixLength()).isEqualTo(24);
        Machine ma = a.iface().device().machine(), mb = b.iface().device().machine();
        assertThat(Ipv4.of(ma).routes()).extracting(Route::gateway).contains(GW);
        assertThat(ResolvConf.of(ma).nameservers()).containsExactly(Ipv4Address.parse("10.0.0.53"));
        assertThat(ResolvConf.of(ma).searchDomain()).isEqualTo("example.com");

        List<String> got = new ArrayList<>();
        Udp.of(mb).bind(9, b, (data, src, port) -> got.add(Ipv4Address.format(src) + " " + data.toUtf8()));
        Udp.of(ma).bind(0, a, (data, src, port) -> { }).sendTo(b.address(), 9, Message.ofUtf8("Hi"));
        n.sim.runUntil(11 * S);
        assertThat(got).containsExactly(Ipv4Address.format(a.address()) + " Hi");
        assertThat(n.server.offers()).isEqualTo(2);
        assertThat(n.server.acks()).isEqualTo(2);
    }

    @Test
    void twoInterfacesOfOneMachineShareItsPort68() {
        Simulation sim = new Simulation(9);
        Network a = sim.network("a", LinkConfig.UNLIMITED), b = sim.network("b", LinkConfig.UNLIMITED);
        Machine sa = sim.machine("sa"), sb = sim.machine("sb"), host = sim.machine("host");
        sim.connect(sa, a, "10.0.1.1/24");
        sim.connect(sb, b, "10.0.2.1/24");
        sa.addApplication(new DhcpServer(DhcpPool.subnet(Ipv4Address.parse("10.0.1.0"), 24)));
        sb.addApplication(new DhcpServer(DhcpPool.subnet(Ipv4Address.parse("10.0.2.0"), 25)));
        DhcpClient ca = new DhcpClient(sim.connect(host, a)), cb = new DhcpClient(sim.connect(host, b));
        host.addApplication(ca);
        host.addApplication(cb);
        sim.runUntil(1 * S);
        assertThat(Ipv4Address.format(ca.address())).isEqualTo("10.0.1.2");
        assertThat(Ipv4Address.format(cb.address())).isEqualTo("10.0.2.2");
        assertThat(cb.iface().prefixLength()).isEqualTo(25);
        assertThat(host.failures()).isEmpty();
    }

    @Test
    void aBlockingProcessWaitsUntilTheInterfaceIsBound() {
        Lan n = new Lan(1, pool24(), LinkConfig.UNLIMITED.withDelay(MS));
        DhcpClient c = n.clients.get(0);
        Machine m = c.iface().device().machine();
        List<String> log = new ArrayList<>();
        elvis.socket.Process.spawn(m, c, p -> {
            log.add("start " + p.now() + " " + c.bound());
            p.await(c::whenBound);
            log.add("bound " + p.now() + " " + Ipv4Address.format(c.address()));
            p.await(c::whenBound);                                   // bound already: returns at once
            log.add("again " + p.now());
        });
        n.sim.runUntil(1 * S);
        assertThat(log).containsExactly("start 0 false", "bound " + 4 * MS + " " + Ipv4Address.format(c.address()), "again " + 4 * MS);
    }

    @Test
    void aThousandClientsGetAThousandLeasesAndTheNextRetriesOnTheRfcSchedule() {
        int first = Ipv4Address.parse("10.0.0.0"), n = 1000;
        DhcpPool pool = new DhcpPool(NET, 16, first + 256, first + 256 + n - 1);
        Lan lan = new Lan(n + 1, pool, LinkConfig.UNLIMITED);
        lan.sim.runUntil(200 * S);
        Set<Integer> addresses = new HashSet<>();
        DhcpClient loser = null;
        for (DhcpClient c : lan.clients) {
            if (c.bound()) addresses.add(c.address());
            else loser = c;
        }
        assertThat(addresses).hasSize(n);
        assertThat(loser).isNotNull();
        assertThat(loser.state()).isEqualTo(DhcpClient.State.SELECTING);
        assertThat(lan.server.poolExhausted()).isGreaterThanOrEqualTo(6);
        List<DhcpCapture.Seen> discovers = lan.capture.of(loser.iface().device().mac(), DhcpMessage.DISCOVER);
        assertThat(discovers.size()).isGreaterThanOrEqualTo(6);
        long[] base = {4, 8, 16, 32, 64, 64};
        Set<Integer> xids = new HashSet<>();
        for (int k = 0; k < 6; k++) {
            long gap = discovers.get(k + 1).ns() - discovers.get(k).ns();
            assertThat((double) gap).as("retransmission %d", k + 1).isCloseTo(base[k] * S, within(1.0 * S));
            xids.add(discovers.get(k).m().xid);
        }
        assertThat(xids).as("retransmissions keep the exchange's xid").hasSize(1);
    }
    @Test
    void withALeaseOf60sEveryClientRenewsAtT1AndKeepsItsAddressFor10Minutes() {
        Lan lan = new Lan(20, pool24().leaseSeconds(60), LinkConfig.UNLIMITED.withDelay(MS));
        lan.sim.runUntil(1 * S);
        int[] first = new int[20];
        for (int i = 0; i < 20; i++) first[i] = lan.clients.get(i).address();
        lan.sim.runUntil(600 * S);
        for (int i = 0; i < 20; i++) {
            DhcpClient c = lan.clients.get(i);
            assertThat(c.address()).isEqualTo(first[i]).isNotZero();
            assertThat(c.renewals()).isEqualTo(19);                // 30, 60, ..., 570 s after the first REQUEST
            assertThat(c.rebinds()).isZero();
            List<DhcpCapture.Seen> requests = lan.capture.of(lan.mac(i), DhcpMessage.REQUEST);
            assertThat(requests).hasSize(20);
            long leaseStart = requests.get(0).ns();
            for (int k = 1; k < requests.size(); k++) {
                DhcpCapture.Seen r = requests.get(k);
                assertThat(r.ns() - leaseStart).as("renewal %d of c%d", k, i).isEqualTo(30 * S * k);
                assertThat(r.dstIp()).as("renewing is unicast to the server").isEqualTo(SERVER);
                assertThat(r.srcIp()).isEqualTo(first[i]);
                assertThat(r.m().ciaddr).isEqualTo(first[i]);
                assertThat(r.m().serverId).isZero();
                assertThat(r.m().requestedIp).isZero();
            }
        }
        assertThat(lan.server.acks()).isEqualTo(20 * 20);
    }

    @Test
    void whenTheServerStopsClientsRebindAtT2AndLoseTheAddressAtExpiry() {
        Lan lan = new Lan(3, pool24().leaseSeconds(60), LinkConfig.UNLIMITED);
        lan.sim.kernel().at(10 * S, lan.server::stop);
        lan.sim.runUntil(59 * S);
        DhcpClient c = lan.clients.get(0);
        long bound = c.boundAtNs();
        assertThat(c.state()).isEqualTo(DhcpClient.State.REBINDING);
        assertThat(c.bound()).isTrue();
        List<DhcpCapture.Seen> requests = lan.capture.of(lan.mac(0), DhcpMessage.REQUEST);
        assertThat(requests).hasSize(3);                           // selecting, renewing at T1, rebinding at T2
        assertThat(requests.get(1).ns() - bound).isEqualTo(30 * S);
        assertThat(requests.get(1).dstIp()).isEqualTo(SERVER);
        assertThat(requests.get(2).ns() - bound).isEqualTo(52_500 * MS);
        assertThat(requests.get(2).dstIp()).as("rebinding is broadcast").isEqualTo(-1);
        assertThat(requests.get(2).srcIp()).isEqualTo(c.address());
        Machine m = c.iface().device().machine();
        int address = c.address();
        lan.sim.runUntil(bound + 60 * S - 1);
        assertThat(c.address()).isEqualTo(address);
        lan.sim.runUntil(bound + 60 * S);
        assertThat(c.bound()).isFalse();
        assertThat(c.iface().hasAddress()).isFalse();
        assertThat(Ipv4.of(m).routes()).isEmpty();
        assertThat(ResolvConf.of(m).nameservers()).isEmpty();
        assertThat(c.state()).isEqualTo(DhcpClient.State.SELECTING);
        assertThat(lan.capture.of(lan.mac(0), DhcpMessage.DISCOVER)).last().extracting(DhcpCapture.Seen::ns).isEqualTo(bound + 60 * S);
    }

    @Test
    void aRelayLetsOneServerServeTwoSubnets() {
        Simulation sim = new Simulation(3);
        Network left = sim.network("left", LinkConfig.UNLIMITED), right = sim.network("right", LinkConfig.UNLIMITED);
        Machine server = sim.machine("server"), router = sim.machine("router");
        sim.connect(server, left, "10.0.1.2/24");
        sim.connect(router, left, "10.0.1.1/24");
        sim.connect(router, right, "10.0.2.1/24");
        sim.router(router);
        sim.route(server, "default", "10.0.1.1");
        DhcpServer dhcp = new DhcpServer(
                DhcpPool.subnet(Ipv4Address.parse("10.0.1.0"), 24).router(Ipv4Address.parse("10.0.1.1")),
                DhcpPool.subnet(Ipv4Address.parse("10.0.2.0"), 24).router(Ipv4Address.parse("10.0.2.1")));
        server.addApplication(dhcp);
        DhcpRelay relay = new DhcpRelay(Ipv4Address.parse("10.0.1.2"));
        router.addApplication(relay);
        List<DhcpClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Machine m = sim.machine("h" + i);
            DhcpClient c = new DhcpClient(sim.connect(m, i % 2 == 0 ? left : right));
            if (i == 3) c.broadcastFlag(true);
            m.addApplication(c);
            clients.add(c);
        }
        sim.runUntil(5 * S);
        for (int i = 0; i < 4; i++) {
            DhcpClient c = clients.get(i);
            assertThat(c.bound()).as("h%d", i).isTrue();
            int net = Ipv4Address.parse(i % 2 == 0 ? "10.0.1.0" : "10.0.2.0");
            assertThat(c.address() & 0xFFFFFF00).as("h%d on its own subnet", i).isEqualTo(net);
            assertThat(c.address()).isNotIn(Ipv4Address.parse("10.0.1.1"), Ipv4Address.parse("10.0.1.2"), Ipv4Address.parse("10.0.2.1"));
        }
        assertThat(relay.requestsRelayed()).isEqualTo(4);          // two clients, DISCOVER and REQUEST each
        assertThat(relay.repliesRelayed()).isEqualTo(4);
        // Across the router: h1 (right) to h0 (left) through the default route the lease gave.
        List<String> got = new ArrayList<>();
        Machine h0 = clients.get(0).iface().device().machine(), h1 = clients.get(1).iface().device().machine();
        Udp.of(h0).bind(9, clients.get(0), (data, src, port) -> got.add(Ipv4Address.format(src)));
        Udp.of(h1).bind(0, clients.get(1), (data, src, port) -> { }).sendTo(clients.get(0).address(), 9, Message.ofUtf8("x"));
        sim.runUntil(6 * S);
        assertThat(got).containsExactly(Ipv4Address.format(clients.get(1).address()));
    }

    @Test
    void thirtyPercentLossStillConverges() {
        Lan lan = new Lan(30, pool24().leaseSeconds(3600), LinkConfig.UNLIMITED.withLoss(0.3));
        lan.sim.runUntil(600 * S);
        Set<Integer> addresses = new HashSet<>();
        for (DhcpClient c : lan.clients) {
            assertThat(c.bound()).isTrue();
            addresses.add(c.address());
        }
        assertThat(addresses).hasSize(30);
        long retransmitted = lan.capture.seen.stream().filter(s -> s.m() != null && s.m().type == DhcpMessage.DISCOVER && s.m().secs > 0).count();
        assertThat(retransmitted).as("losses were recovered by retransmission").isPositive();
    }
}
