package elvis.routing.rip;

import elvis.link.FrameTap;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.routing.rip.RipTest.MS;
import static elvis.routing.rip.RipTest.S;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 2453 §3.9: each check on a message and on each entry is its own counted drop; requests are answered (§3.9.1). */
class RipInputTest {
    static int ip(String s) { return Ipv4Address.parse(s); }

    static final int MASK24 = ip("255.255.255.0");

    record Setup(RipTest.Topology t, Rip rip, Machine machine, Ipv4Interface in, int neighbour) {
        void receive(RipMessage m, int src, int port) { rip.datagram(m.toMessage(), src, port, in); }
        void receive(RipMessage.Entry... entries) { receive(RipMessage.response(List.of(entries)), neighbour, RipMessage.PORT); }
    }

    static Setup setup() {
        RipTest.Topology t = new RipTest.Topology(5, 2, RipConfig.DEFAULT);
        t.link(0, 1, MS);
        t.runFor(10 * S);
        Machine r0 = t.routers.get(0);
        return new Setup(t, t.rips.get(0), r0, Ipv4.of(r0).iface(1), Ipv4.of(t.routers.get(1)).iface(1).address());
    }

    @Test
    void messagesFailingAHeaderCheckAreCountedAndChangeNothing() {
        Setup s = setup();
        RipMessage.Entry good = RipMessage.Entry.route(ip("10.50.0.0"), MASK24, 0, 1);
        s.receive(RipMessage.response(List.of(good)), s.neighbour(), 521);
        s.receive(RipMessage.response(List.of(good)), ip("10.99.0.1"), RipMessage.PORT);
        s.receive(RipMessage.response(List.of(good)), s.in().address(), RipMessage.PORT);
        s.receive(new RipMessage(RipMessage.RESPONSE, 1, List.of(good)), s.neighbour(), RipMessage.PORT);
        s.receive(RipMessage.response(List.of(new RipMessage.Entry(RipMessage.AFI_AUTH, 2, 0, 0, 0, 0), good)), s.neighbour(), RipMessage.PORT);
        s.rip().datagram(Message.wrap(new byte[] {2, 2, 0}), s.neighbour(), RipMessage.PORT, s.in());
        Machine m = s.machine();
        assertThat(m.drops(RipDrop.RIP_NOT_FROM_PORT)).isEqualTo(1);
        assertThat(m.drops(RipDrop.RIP_NOT_NEIGHBOR)).isEqualTo(1);
        assertThat(m.drops(RipDrop.RIP_OWN_ADDRESS)).isEqualTo(1);
        assertThat(m.drops(RipDrop.RIP_VERSION)).isEqualTo(1);
        assertThat(m.drops(RipDrop.RIP_AUTHENTICATION)).isEqualTo(1);
        assertThat(m.drops(RipDrop.RIP_MALFORMED)).isEqualTo(1);
        assertThat(s.rip().metric(ip("10.50.0.0"), 24)).isEqualTo(16);
        s.receive(good);
        assertThat(s.rip().metric(ip("10.50.0.0"), 24)).as("the same entry, from the neighbour's port 520").isEqualTo(2);
    }

    @Test
    void badEntriesAreSkippedOneByOneAndGoodOnesTaken() {
        Setup link = setup();                                     // on r0's LAN, a neighbour 10.0.0.2 with another router 10.0.0.3 beside it
        Setup s = new Setup(link.t(), link.rip(), link.machine(), Ipv4.of(link.machine()).iface(0), ip("10.0.0.2"));
        int before = s.rip().reachable();
        s.receive(RipMessage.Entry.route(ip("10.60.0.0"), MASK24, 0, 0),                 // metric 0
                RipMessage.Entry.route(ip("10.61.0.0"), MASK24, 0, 17),                   // metric above 16
                new RipMessage.Entry(3, 0, ip("10.62.0.0"), MASK24, 0, 1),                // not IPv4
                RipMessage.Entry.route(ip("10.63.0.0"), ip("255.0.255.0"), 0, 1),         // mask with a hole
                RipMessage.Entry.route(ip("10.64.0.1"), MASK24, 0, 1),                    // host bits
                RipMessage.Entry.route(ip("127.0.0.0"), ip("255.0.0.0"), 0, 1),           // loopback
                RipMessage.Entry.route(ip("224.0.0.0"), ip("240.0.0.0"), 0, 1),           // multicast
                RipMessage.Entry.route(ip("0.1.0.0"), ip("255.255.0.0"), 0, 1),           // net 0
                RipMessage.Entry.route(0, 0, 0, 3),                                       // the default route: fine
                RipMessage.Entry.route(ip("10.65.0.0"), MASK24, s.neighbour() + 1, 4),    // a next hop on the link (§4.4)
                RipMessage.Entry.route(ip("10.66.0.0"), MASK24, ip("10.99.0.1"), 4),      // a next hop elsewhere: the sender
                RipMessage.Entry.route(ip("10.68.0.0"), MASK24, ip("10.0.0.1"), 4),       // a next hop that is us: the sender
                RipMessage.Entry.route(ip("10.67.0.0"), MASK24, 0, 15));                  // 15 + 1 = 16: nothing to take
        assertThat(s.machine().drops(RipDrop.RIP_BAD_ENTRY)).isEqualTo(8);
        assertThat(s.rip().reachable()).isEqualTo(before + 4);
        assertThat(s.rip().metric(0, 0)).isEqualTo(4);
        assertThat(s.rip().metric(ip("10.67.0.0"), 24)).isEqualTo(16);
        Ipv4 ipv4 = Ipv4.of(s.machine());
        assertThat(gateway(ipv4, ip("10.65.0.0"))).isEqualTo(s.neighbour() + 1);
        assertThat(gateway(ipv4, ip("10.66.0.0"))).isEqualTo(s.neighbour());
        assertThat(gateway(ipv4, ip("10.68.0.0"))).isEqualTo(s.neighbour());
        assertThat(ipv4.lookup(ip("8.8.8.8")).gateway()).as("the default route is installed").isEqualTo(s.neighbour());
    }

    @Test
    void aSpecificRequestGetsTheMetricsAskedForWithoutSplitHorizon() {
        Setup s = setup();
        Network link = s.t().links.getFirst();
        List<RipMessage> answers = new ArrayList<>();
        link.addTap(new FrameTap() {
            @Override public void sent(Network n, int fromPort, Message f) {
                int udp = 14 + (f.u8(14) & 0xF) * 4;
                if (f.u16(12) == 0x0800 && f.u8(23) == 17 && f.u16(udp + 2) == 5000) answers.add(RipMessage.parse(f.slice(udp + 8, f.u16(udp + 4) - 8)));
            }
        });
        int learnt = ip("10.1.0.0"), own = ip("10.0.0.0"), unknown = ip("10.77.0.0");
        s.receive(new RipMessage(RipMessage.REQUEST, 2, List.of(RipMessage.Entry.route(learnt, MASK24, 0, 0), RipMessage.Entry.route(own, MASK24, 0, 0),
                RipMessage.Entry.route(unknown, MASK24, 0, 0))), s.neighbour(), 5000);
        s.t().runFor(10 * MS);
        assertThat(answers).singleElement().satisfies(a -> {
            assertThat(a.command()).isEqualTo(RipMessage.RESPONSE);
            assertThat(a.entries()).extracting(RipMessage.Entry::metric).as("learnt on this link: still its metric, 2").containsExactly(2, 1, 16);
        });
    }

    static int gateway(Ipv4 ipv4, int prefix) {
        for (Route r : ipv4.routes()) if (r.prefix() == prefix && r.length() == 24) return r.gateway();
        throw new AssertionError("no route to " + Ipv4Address.format(prefix));
    }
}
