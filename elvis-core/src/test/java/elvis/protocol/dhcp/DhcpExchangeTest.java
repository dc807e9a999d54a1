package elvis.protocol.dhcp;

import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.protocol.dhcp.DhcpTest.GW;
import static elvis.protocol.dhcp.DhcpTest.MS;
import static elvis.protocol.dhcp.DhcpTest.NET;
import static elvis.protocol.dhcp.DhcpTest.S;
import static elvis.protocol.dhcp.DhcpTest.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/** Each message of the exchange, field by field against RFC 2131, and the less common paths: INIT-REBOOT, NAK, RELEASE, DECLINE, INFORM. */
class DhcpExchangeTest {
    @Test
    void theFourMessagesOfABindingCarryTheRfcFields() {
        DhcpTest.Lan lan = new DhcpTest.Lan(1, DhcpTest.pool24().leaseSeconds(600), LinkConfig.UNLIMITED.withDelay(MS));
        lan.sim.runUntil(1 * S);
        DhcpClient c = lan.clients.get(0);
        long mac = lan.mac(0);
        assertThat(lan.capture.seen).hasSize(4);
        for (DhcpCapture.Seen s : lan.capture.seen) {
            assertThat(s.m()).isNotNull();
            assertThat(s.length()).isGreaterThanOrEqualTo(DhcpMessage.MIN_LENGTH);
            assertThat(s.m().htype).isEqualTo(1);
            assertThat(s.m().hlen).isEqualTo(6);
            assertThat(s.m().chaddr).isEqualTo(mac);
            assertThat(s.m().hops).isZero();
            assertThat(s.m().giaddr).isZero();
        }
        DhcpCapture.Seen discover = lan.capture.seen.get(0), offer = lan.capture.seen.get(1), request = lan.capture.seen.get(2), ack = lan.capture.seen.get(3);
        assertThat(discover.m().type).isEqualTo(DhcpMessage.DISCOVER);
        assertThat(discover.m().op).isEqualTo(DhcpMessage.BOOTREQUEST);
        assertThat(discover.srcIp()).isZero();
        assertThat(discover.dstIp()).isEqualTo(-1);
        assertThat(discover.dstMac()).isEqualTo(elvis.link.Network.BROADCAST);
        assertThat(discover.srcPort()).isEqualTo(68);
        assertThat(discover.dstPort()).isEqualTo(67);
        assertThat(discover.m().ciaddr).isZero();
        assertThat(discover.m().flags).isZero();
        assertThat(discover.m().clientId).hasSize(7).startsWith((byte) 1);
        assertThat(discover.m().parameterList).contains(1, 3, 6, 15, 51);
        assertThat(discover.m().maxSize).isEqualTo(1500);
        assertThat(discover.m().hostName).isEqualTo("c0");
        assertThat(discover.m().secs).isZero();

        assertThat(offer.m().type).isEqualTo(DhcpMessage.OFFER);
        assertThat(offer.m().op).isEqualTo(DhcpMessage.BOOTREPLY);
        assertThat(offer.m().xid).isEqualTo(discover.m().xid);
        assertThat(offer.srcIp()).isEqualTo(SERVER);
        assertThat(offer.dstIp()).as("unicast to yiaddr").isEqualTo(offer.m().yiaddr);
        assertThat(offer.dstMac()).as("at chaddr, without ARP").isEqualTo(mac);
        assertThat(offer.srcPort()).isEqualTo(67);
        assertThat(offer.dstPort()).isEqualTo(68);
        assertThat(offer.m().serverId).isEqualTo(SERVER);
        assertThat(offer.m().leaseTime).isEqualTo(600);
        assertThat(offer.m().subnetMask).isEqualTo(0xFFFFFF00);
        assertThat(offer.m().routers).containsExactly(GW);
        assertThat(offer.m().domainName).isEqualTo("example.com");
        assertThat(offer.ns()).isEqualTo(1 * MS);

        assertThat(request.m().type).isEqualTo(DhcpMessage.REQUEST);
        assertThat(request.m().xid).isEqualTo(discover.m().xid);
        assertThat(request.srcIp()).isZero();
        assertThat(request.dstIp()).isEqualTo(-1);
        assertThat(request.m().ciaddr).isZero();
        assertThat(request.m().requestedIp).isEqualTo(offer.m().yiaddr);
        assertThat(request.m().serverId).isEqualTo(SERVER);

        assertThat(ack.m().type).isEqualTo(DhcpMessage.ACK);
        assertThat(ack.m().yiaddr).isEqualTo(offer.m().yiaddr).isEqualTo(c.address());
        assertThat(ack.m().xid).isEqualTo(discover.m().xid);
        assertThat(c.t1Ns() - request.ns()).isEqualTo(300 * S);
        assertThat(c.t2Ns() - request.ns()).isEqualTo(525 * S);
        assertThat(c.expiryNs() - request.ns()).isEqualTo(600 * S);
    }

    @Test
    void theBroadcastFlagMakesTheServerBroadcast() {
        DhcpTest.Lan lan = new DhcpTest.Lan(1, DhcpTest.pool24(), LinkConfig.UNLIMITED);
        lan.clients.get(0).broadcastFlag(true);
        lan.sim.runUntil(1 * S);
        DhcpCapture.Seen offer = lan.capture.seen.get(1);
        assertThat(offer.m().flags).isEqualTo(DhcpMessage.BROADCAST_FLAG);
        assertThat(offer.dstIp()).isEqualTo(-1);
        assertThat(offer.dstMac()).isEqualTo(elvis.link.Network.BROADCAST);
        assertThat(lan.clients.get(0).bound()).isTrue();
    }

    @Test
    void aRebootAsksForTheOldAddressAndGetsIt() {
        DhcpTest.Lan lan = new DhcpTest.Lan(2, DhcpTest.pool24(), LinkConfig.UNLIMITED);
        DhcpClient c = lan.clients.get(0);
        lan.sim.kernel().at(10 * S, c::reboot);
        lan.sim.runUntil(5 * S);
        int address = c.address();
        lan.sim.runUntil(20 * S);
        assertThat(c.address()).isEqualTo(address);
        List<DhcpCapture.Seen> requests = lan.capture.of(lan.mac(0), DhcpMessage.REQUEST);
        assertThat(requests).hasSize(2);
        DhcpCapture.Seen reboot = requests.get(1);
        assertThat(reboot.ns()).isEqualTo(10 * S);
        assertThat(reboot.dstIp()).isEqualTo(-1);
        assertThat(reboot.m().requestedIp).isEqualTo(address);
        assertThat(reboot.m().serverId).as("INIT-REBOOT names no server").isZero();
        assertThat(reboot.m().ciaddr).isZero();
        assertThat(lan.capture.of(lan.mac(0), DhcpMessage.DISCOVER)).hasSize(1);
    }

    @Test
    void anAddressTakenWhileTheClientWasOffGetsANakAndTheClientStartsOver() {
        int only = NET + 10;
        DhcpTest.Lan lan = new DhcpTest.Lan(2, new DhcpPool(NET, 24, only, only).leaseSeconds(60), LinkConfig.UNLIMITED);
        DhcpClient a = lan.clients.get(0), b = lan.clients.get(1);
        lan.sim.runUntil(1 * S);
        DhcpClient holder = a.bound() ? a : b, other = holder == a ? b : a;
        assertThat(holder.address()).isEqualTo(only);
        holder.halt();
        lan.sim.runUntil(200 * S);                                  // the lease expires at 60 s; the other's retries find it free
        assertThat(other.address()).isEqualTo(only);
        holder.reboot();
        lan.sim.runUntil(201 * S);
        assertThat(holder.naks()).isEqualTo(1);
        assertThat(holder.bound()).isFalse();
        assertThat(holder.state()).isEqualTo(DhcpClient.State.SELECTING);
        assertThat(lan.server.naks()).isEqualTo(1);
        DhcpCapture.Seen nak = lan.capture.of(holder.iface().device().mac(), DhcpMessage.NAK).get(0);
        assertThat(nak.dstIp()).as("a NAK is broadcast").isEqualTo(-1);
        assertThat(nak.m().yiaddr).isZero();
        assertThat(nak.m().serverId).isEqualTo(SERVER);
        assertThat(lan.server.poolExhausted()).isPositive();
    }

    @Test
    void stopReleasesTheLeaseToTheServer() {
        DhcpTest.Lan lan = new DhcpTest.Lan(1, DhcpTest.pool24(), LinkConfig.UNLIMITED);
        DhcpClient c = lan.clients.get(0);
        lan.sim.runUntil(1 * S);
        int address = c.address();
        c.stop();
        lan.sim.runUntil(2 * S);
        assertThat(c.bound()).isFalse();
        assertThat(c.state()).isEqualTo(DhcpClient.State.STOPPED);
        assertThat(lan.server.releases()).isEqualTo(1);
        DhcpCapture.Seen release = lan.capture.of(lan.mac(0), DhcpMessage.RELEASE).get(0);
        assertThat(release.dstIp()).isEqualTo(SERVER);
        assertThat(release.srcIp()).isEqualTo(address);
        assertThat(release.m().ciaddr).isEqualTo(address);
        assertThat(release.m().serverId).isEqualTo(SERVER);
        assertThat(lan.server.results()).containsEntry("leases_active", 0);
    }

    @Test
    void theServerDoesNotOfferAnAddressAnotherMachineHas() {
        DhcpTest.Lan lan = new DhcpTest.Lan(1, DhcpTest.pool24(), LinkConfig.UNLIMITED);
        Machine fixed = lan.sim.machine("fixed");
        lan.sim.connect(fixed, lan.lan, NET + 2, 24);               // the first address the pool would give
        lan.sim.runUntil(1 * S);
        assertThat(lan.clients.get(0).address()).isEqualTo(NET + 3);
        assertThat(lan.capture.of(lan.mac(0), DhcpMessage.OFFER)).singleElement().extracting(s -> s.m().yiaddr).isEqualTo(NET + 3);
    }

    @Test
    void anOfferedAddressInUseIsDeclinedAndTheClientTriesAgainAfterTenSeconds() {
        DhcpTest.Lan lan = new DhcpTest.Lan(1, DhcpTest.pool24(), LinkConfig.UNLIMITED.withDelay(MS));
        Machine squatter = lan.sim.machine("squatter");
        var iface = lan.sim.connect(squatter, lan.lan);
        // It takes the offered address after the offer, before the ACK: the client's probe finds it.
        lan.sim.kernel().at(1_500_000, () -> iface.addAddress(NET + 2, 24));
        DhcpClient c = lan.clients.get(0).probe(true);
        lan.sim.runUntil(30 * S);
        assertThat(c.declines()).isEqualTo(1);
        assertThat(lan.server.declines()).isEqualTo(1);
        assertThat(c.address()).isEqualTo(NET + 3);
        DhcpCapture.Seen decline = lan.capture.of(lan.mac(0), DhcpMessage.DECLINE).get(0);
        assertThat(decline.m().requestedIp).isEqualTo(NET + 2);
        assertThat(decline.m().serverId).isEqualTo(SERVER);
        assertThat(decline.dstIp()).isEqualTo(-1);
        List<DhcpCapture.Seen> discovers = lan.capture.of(lan.mac(0), DhcpMessage.DISCOVER);
        assertThat(discovers).hasSize(2);
        assertThat(discovers.get(1).ns() - decline.ns()).isEqualTo(10 * S);
    }

    @Test
    void anOfferHoldsItsAddressFor60sThenItIsFreeAgain() {
        int only = NET + 10;
        DhcpTest.Lan lan = new DhcpTest.Lan(2, new DhcpPool(NET, 24, only, only), LinkConfig.UNLIMITED.withDelay(MS));
        // Whoever gets the offer loses power before it can request the address.
        lan.sim.kernel().at(MS + MS / 2, () -> {
            for (DhcpClient c : lan.clients) if (!lan.capture.of(c.iface().device().mac(), DhcpMessage.OFFER).isEmpty()) c.halt();
        });
        lan.sim.runUntil(200 * S);
        DhcpClient offered = lan.capture.of(lan.mac(0), DhcpMessage.OFFER).isEmpty() ? lan.clients.get(1) : lan.clients.get(0);
        DhcpClient other = offered == lan.clients.get(0) ? lan.clients.get(1) : lan.clients.get(0);
        assertThat(offered.bound()).isFalse();
        assertThat(other.address()).isEqualTo(only);
        List<DhcpCapture.Seen> otherOffers = lan.capture.of(other.iface().device().mac(), DhcpMessage.OFFER);
        assertThat(otherOffers.getFirst().ns()).as("not before the first offer's 60 s are over").isGreaterThan(60 * S);
        assertThat(lan.server.poolExhausted()).isGreaterThanOrEqualTo(4);        // its DISCOVERs at 0, ~4, ~12, ~28 s
    }

    @Test
    void aStaticReservationGoesToItsClientAloneAndAReleasedAddressCanBeAskedForAgain() {
        DhcpPool pool = DhcpTest.pool24();
        DhcpTest.Lan lan = new DhcpTest.Lan(3, pool, LinkConfig.UNLIMITED);
        pool.fixed(lan.mac(2), NET + 50);
        lan.sim.runUntil(1 * S);
        assertThat(lan.clients.get(2).address()).isEqualTo(NET + 50);
        assertThat(lan.clients.get(0).address()).isNotEqualTo(NET + 50);
        assertThat(lan.clients.get(1).address()).isNotEqualTo(NET + 50);
        // After a release the client remembers its address, and INIT-REBOOT gets it back.
        int had = lan.clients.get(0).address();
        lan.clients.get(0).stop();
        lan.sim.runUntil(2 * S);
        lan.clients.get(0).reboot();
        lan.sim.runUntil(3 * S);
        assertThat(lan.clients.get(0).address()).isEqualTo(had);
        assertThat(lan.capture.of(lan.mac(0), DhcpMessage.REQUEST)).last().extracting(r -> r.m().requestedIp).isEqualTo(had);
    }

    @Test
    void informGetsTheOptionsWithoutALease() {
        DhcpTest.Lan lan = new DhcpTest.Lan(0, DhcpTest.pool24(), LinkConfig.UNLIMITED);
        Machine h = lan.sim.machine("h");
        int hostIp = NET + 77;
        lan.sim.connect(h, lan.lan, hostIp, 24);
        List<DhcpMessage> got = new ArrayList<>();
        elvis.machine.Application owner = lan.server;            // any application may own the test's port
        lan.sim.runUntil(1);
        UdpSession port = Udp.of(h).bind(68, owner, (data, src, p) -> got.add(DhcpMessage.parse(data)));
        DhcpMessage inform = DhcpMessage.of(DhcpMessage.BOOTREQUEST, DhcpMessage.INFORM, 42, h.nic(0).mac());
        inform.ciaddr = hostIp;
        port.sendTo(SERVER, 67, inform.toMessage());
        lan.sim.runUntil(1 * S);
        assertThat(got).hasSize(1);
        DhcpMessage ack = got.get(0);
        assertThat(ack.type).isEqualTo(DhcpMessage.ACK);
        assertThat(ack.xid).isEqualTo(42);
        assertThat(ack.yiaddr).isZero();
        assertThat(ack.leaseTime).isEqualTo(-1);
        assertThat(ack.routers).containsExactly(GW);
        assertThat(lan.server.informs()).isEqualTo(1);
        assertThat(lan.server.acks()).isZero();
    }
}
