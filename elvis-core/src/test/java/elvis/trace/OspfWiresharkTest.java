package elvis.trace;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.routing.ospf.Lsa;
import elvis.routing.ospf.Ospf;
import elvis.routing.ospf.OspfConfig;
import elvis.routing.ospf.OspfPacket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

import static elvis.trace.WiresharkTest.assertClean;
import static elvis.trace.WiresharkTest.assertScapyRebuildsEveryFrame;
import static elvis.trace.WiresharkTest.ip;
import static elvis.trace.WiresharkTest.tshark;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every OSPF packet of a run (a LAN of three routers with a DR election, a point-to-point link to a
 * fourth, two AS boundary routers with AS-external LSAs of both metric types, a link failure and the
 * flooding it causes), read by tshark's OSPF dissector: nothing
 * malformed, no expert error, and for each packet the IP destination and TTL, the header, the
 * Hello's DR, BDR and neighbours, the DD flags, the requests and every LSA as we sent them, with the
 * router LSAs' E bit and the AS-external LSAs' mask, metric type, metric, forwarding address and tag. tshark
 * 4.0 checks neither OSPF checksum, so scapy's contrib OSPF does: it rebuilds each packet from its
 * fields with the lengths, the packet checksum and every LSA's Fletcher checksum recomputed.
 */
class OspfWiresharkTest {
    static final long MS = 1_000_000, S = 1_000 * MS;

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() { WiresharkTest.toolsPresent(); }

    static final String[] FIELDS = {"ip.dst", "ip.ttl", "ospf.msg", "ospf.srcrouter", "ospf.area_id", "ospf.packet_length",
            "ospf.hello.network_mask", "ospf.hello.router_priority", "ospf.hello.designated_router", "ospf.hello.backup_designated_router",
            "ospf.hello.active_neighbor", "ospf.dbd", "ospf.lsa", "ospf.lsa.id", "ospf.advrouter", "ospf.lsa.seqnum", "ospf.lsa.chksum",
            "ospf.lsa.length", "ospf.lsa.router.linkid", "ospf.lsa.router.metric0", "ospf.lsa.network.attchrtr", "ospf.link_state_id",
            "ospf.v2.router.lsa.flags.e", "ospf.lsa.asext.netmask", "ospf.lsa.asext.type", "ospf.metric", "ospf.lsa.asext.fwdaddr", "ospf.lsa.asext.extrttag"};

    @Test
    void everyOspfPacketDissectsAsSent() throws IOException {
        Simulation sim = new Simulation(9);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Network link = sim.link("cd", LinkConfig.UNLIMITED.withDelay(MS), Simulation.Resolution.NONE);
        Machine a = sim.machine("a"), b = sim.machine("b"), c = sim.machine("c"), d = sim.machine("d");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        sim.connect(c, lan, "10.0.0.3/24");
        sim.connect(c, link, "10.9.0.1/30");
        sim.connect(d, link, "10.9.0.2/30");
        sim.connect(d, sim.network("hosts", LinkConfig.UNLIMITED), "192.168.4.1/24");
        OspfConfig base = OspfConfig.DEFAULT;
        for (Machine m : List.of(a, b, c, d)) {
            int id = ip(m.name().charAt(0) - 'a' + 1 + ".0.0.0");
            List<OspfConfig.Interface> ifs = m == d ? List.of(new OspfConfig.Interface(1, 10, 1, true)) : List.of();
            OspfConfig config = new OspfConfig(id, 0, base.helloNs(), base.deadNs(), base.retransmitNs(), base.transmitDelayNs(),
                    base.spfDelayNs(), base.spfHoldNs(), base.spfMaxHoldNs(), base.referenceBandwidth(), ifs);
            // d and c are AS boundary routers: AS-external LSAs of both metric types, c's with its prefix's host bits in the id (Appendix E).
            if (m == d) config = config.withRedistribution(java.util.Set.of("static"), 20, true);
            if (m == c) config = config.withRedistribution(java.util.Set.of("static"), 7, false);
            m.addApplication(new Ospf(config));
        }
        elvis.protocol.ipv4.Ipv4.of(d).addRoute(ip("203.0.113.0"), 24, ip("192.168.4.9"));
        elvis.protocol.ipv4.Ipv4.of(c).addRoute(ip("198.51.100.0"), 23, ip("10.0.0.9"));
        elvis.protocol.ipv4.Ipv4.of(c).addRoute(ip("198.51.100.0"), 24, ip("10.0.0.9"));
        sim.kernel().at(70 * S, () -> link.setUp(false));
        List<String> sent = new ArrayList<>();
        FrameTap tap = new FrameTap() {
            @Override public void transmitting(Network n, int fromPort, Message f, long startNs) {      // what reaches the wire: the capture's frames
                if (f.u16(12) != 0x0800 || f.u8(23) != OspfPacket.PROTOCOL) return;
                int ihl = (f.u8(14) & 0xF) * 4;
                OspfPacket p = OspfPacket.parse(f.slice(14 + ihl));
                assertThat(p).isNotNull();
                sent.add(row(Ipv4Address.format((int) f.u32(30)), f.u8(22), p));
            }
        };
        lan.addTap(tap);
        link.addTap(tap);
        Path lp = dir.resolve("ospf-lan.pcap"), pp = dir.resolve("ospf-link.pcap");
        PcapWriter lw, pw;
        try (Captures cap = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            lw = cap.network(lan, lp);
            pw = cap.network(link, pp);
            sim.runUntil(100 * S);
            sim.shutdown();
        }
        assertClean(lp);
        assertClean(pp);
        List<String> rows = new ArrayList<>();
        for (Path pcap : List.of(lp, pp)) rows.addAll(tshark(pcap, "ospf", FIELDS));
        assertThat(sent.stream().map(r -> r.split("\t")[2]).distinct().sorted().toList()).as("all five types sent").containsExactly("1", "2", "3", "4", "5");
        assertThat(sent).as("AS-external LSAs flooded").anyMatch(r -> r.split("\t", -1)[12].contains("5"));
        List<String> onlyTshark = new ArrayList<>(rows), onlyOurs = new ArrayList<>(sent);
        for (String e : sent) onlyTshark.remove(e);
        for (String e : rows) onlyOurs.remove(e);
        assertThat(onlyTshark).as("rows tshark shows but we did not send; we sent instead %s", onlyOurs).isEmpty();
        assertThat(onlyOurs).isEmpty();
        assertScapyRebuildsEveryFrame(lp, lw.frames());
        assertScapyRebuildsEveryFrame(pp, pw.frames());
        for (Path pcap : List.of(lp, pp)) assertScapyRebuildsEveryOspfPacket(pcap);
    }

    static void assertScapyRebuildsEveryOspfPacket(Path pcap) throws IOException {
        Path script = pcap.resolveSibling("rebuild_ospf.py");
        try (var in = OspfWiresharkTest.class.getResourceAsStream("/rebuild_ospf.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        WiresharkTest.Result r = WiresharkTest.run("/usr/bin/python3", script.toString(), pcap.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).as(r.out()).containsPattern("packets=[1-9]\\d* differing=0 lsas=[1-9]");
    }

    /** What tshark prints for {@link #FIELDS} of a packet we sent to {@code dst} with {@code ttl}. */
    static String row(String dst, int ttl, OspfPacket p) {
        StringJoiner j = new StringJoiner("\t");
        boolean hello = p.type == OspfPacket.HELLO;
        j.add(dst).add(Integer.toString(ttl)).add(Integer.toString(p.type)).add(addr(p.routerId)).add(addr(p.areaId)).add(Integer.toString(p.encodedLength()));
        j.add(hello ? addr(p.networkMask) : "").add(hello ? Integer.toString(p.priority) : "");
        j.add(hello ? addr(p.designatedRouter) : "").add(hello ? addr(p.backupDesignatedRouter) : "");
        StringJoiner n = new StringJoiner(",");
        for (int r : p.neighbors) n.add(addr(r));
        j.add(n.toString());
        j.add(p.type == OspfPacket.DB_DESCRIPTION ? String.format("0x%02x", p.ddFlags) : "");
        boolean headers = p.type == OspfPacket.DB_DESCRIPTION || p.type == OspfPacket.LS_UPDATE || p.type == OspfPacket.LS_ACK;
        List<Lsa> lsas = headers ? p.lsas : List.of();
        if (p.type == OspfPacket.LS_REQUEST) {          // tshark gives a request's type and advertising router in the LSA fields
            j.add(join(p.requests, k -> Integer.toString(k.type()))).add("").add(join(p.requests, k -> addr(k.advRouter())));
        } else {
            j.add(join(lsas, l -> Integer.toString(l.type))).add(join(lsas, l -> addr(l.id))).add(join(lsas, l -> addr(l.advRouter)));
        }
        j.add(join(lsas, l -> String.format("0x%08x", l.seq))).add(join(lsas, l -> String.format("0x%04x", l.checksum)));
        j.add(join(lsas, l -> Integer.toString(l.length)));
        List<Lsa.Link> links = new ArrayList<>();
        List<Integer> attached = new ArrayList<>();
        if (p.type == OspfPacket.LS_UPDATE) {
            for (Lsa l : lsas) {
                if (l.links != null) links.addAll(l.links);
                if (l.attached != null) for (int r : l.attached) attached.add(r);
            }
        }
        j.add(join(links, k -> addr(k.id()))).add(join(links, k -> Integer.toString(k.metric()))).add(join(attached, Ipv4Address::format));
        j.add(p.type == OspfPacket.LS_REQUEST ? join(p.requests, k -> addr(k.id())) : "");
        List<Lsa> routers = new ArrayList<>(), externals = new ArrayList<>();
        if (p.type == OspfPacket.LS_UPDATE) {
            for (Lsa l : lsas) {
                if (l.type == Lsa.ROUTER) routers.add(l);
                if (l.type == Lsa.AS_EXTERNAL) externals.add(l);
            }
        }
        j.add(join(routers, l -> (l.flags & Lsa.FLAG_E) != 0 ? "1" : "0"));       // tshark shows the E bits, of router LSAs and of the metric type
        j.add(join(externals, l -> addr(l.mask))).add(join(externals, l -> l.type2 ? "1" : "0")).add(join(externals, l -> Integer.toString(l.metric)));
        j.add(join(externals, l -> addr(l.forwarding))).add(join(externals, l -> Integer.toString(l.tag)));
        return j.toString();
    }

    private static <T> String join(List<T> items, Function<T, String> f) {
        StringJoiner j = new StringJoiner(",");
        for (T t : items) j.add(f.apply(t));
        return j.toString();
    }

    private static String addr(int ip) { return Ipv4Address.format(ip); }
}
