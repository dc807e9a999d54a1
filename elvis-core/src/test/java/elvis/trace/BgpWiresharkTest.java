package elvis.trace;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.routing.Prefix;
import elvis.routing.bgp.AsPath;
import elvis.routing.bgp.Bgp;
import elvis.routing.bgp.BgpConfig;
import elvis.routing.bgp.BgpMessage;
import elvis.routing.bgp.BgpNeighbor;
import elvis.routing.bgp.PathAttributes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import static elvis.trace.WiresharkTest.assertClean;
import static elvis.trace.WiresharkTest.assertScapyRebuildsEveryFrame;
import static elvis.trace.WiresharkTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every BGP message of a run with eBGP and iBGP sessions, a 4-octet AS, communities, MED, withdrawals,
 * collisions (Cease 7) and a reset (Cease 4), read by tshark's BGP dissector with 4-octet AS numbers:
 * nothing malformed, no expert error, and per frame the fields of each message as we sent them.
 * Scapy's BGP layer dissects every message and rebuilds it byte for byte with its own lengths.
 */
class BgpWiresharkTest {
    static final long MS = 1_000_000, S = 1_000 * MS;

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() { WiresharkTest.toolsPresent(); }

    static final String[] FIELDS = {"bgp.type", "bgp.length", "bgp.open.myas", "bgp.open.holdtime", "bgp.open.identifier", "bgp.cap.4as",
            "bgp.withdrawn_prefix", "bgp.update.path_attribute.origin", "bgp.update.path_attribute.as_path_segment.type",
            "bgp.update.path_attribute.as_path_segment.as4", "bgp.update.path_attribute.next_hop", "bgp.update.path_attribute.multi_exit_disc",
            "bgp.update.path_attribute.local_pref", "bgp.update.path_attribute.community_as", "bgp.update.path_attribute.community_value",
            "bgp.nlri_prefix", "bgp.prefix_length", "bgp.notify.major_error",
            // tshark names the subcode by the error code: header, OPEN, UPDATE, hold timer, FSM, Cease.
            "bgp.notify.minor_error", "bgp.notify.minor_error_open", "bgp.notify.minor_error_update", "bgp.notify.minor_error_expired",
            "bgp.notify.minor_error_state", "bgp.notify.minor_error_cease"};

    @Test
    void everyBgpMessageDissectsAsSent() throws IOException {
        Simulation sim = new Simulation(19);
        Machine a = sim.machine("a"), b = sim.machine("b"), b2 = sim.machine("b2"), c = sim.machine("c");
        for (Machine m : List.of(a, b, b2, c)) sim.router(m);
        Network ab = sim.link("a-b", LinkConfig.UNLIMITED.withDelay(5 * MS), Simulation.Resolution.STATIC);
        Network bb = sim.network("b-lan", LinkConfig.UNLIMITED.withDelay(MS));
        Network bc = sim.link("b-c", LinkConfig.UNLIMITED.withDelay(5 * MS), Simulation.Resolution.STATIC);
        sim.connect(a, ab, "10.255.0.1/30");
        sim.connect(b, ab, "10.255.0.2/30");
        sim.connect(b, bb, "10.2.0.1/24");
        sim.connect(b2, bb, "10.2.0.2/24");
        sim.connect(b, bc, "10.255.0.5/30");
        sim.connect(c, bc, "10.255.0.6/30");
        long asB = 4_200_000_002L;
        Bgp bgpA = speaker(a, 65001, List.of(new BgpNeighbor(ip("10.255.0.2"), asB)), "10.1.0.0/16");
        speaker(b, asB, List.of(new BgpNeighbor(ip("10.255.0.1"), 65001), new BgpNeighbor(ip("10.2.0.2"), asB),
                new BgpNeighbor(ip("10.255.0.6"), 65003)));
        speaker(b2, asB, List.of(new BgpNeighbor(ip("10.2.0.1"), asB)), "10.2.0.0/16");
        Bgp bgpC = speaker(c, 65003, List.of(new BgpNeighbor(ip("10.255.0.5"), asB)), "10.3.0.0/16");
        PathAttributes tagged = PathAttributes.builder().origin(PathAttributes.INCOMPLETE).med(50)
                .communities(65001 << 16 | 100, 65001 << 16 | 200).build();
        sim.kernel().at(40 * S, () -> bgpA.announce(Prefix.parse("10.11.0.0/16"), tagged));
        sim.kernel().at(41 * S, () -> bgpA.announce(Prefix.parse("10.12.128.0/17"), tagged));
        sim.kernel().at(80 * S, () -> bgpA.withdraw(Prefix.parse("10.11.0.0/16")));
        sim.kernel().at(100 * S, bgpC::resetSessions);

        Map<Network, List<String>> sent = new LinkedHashMap<>();
        Set<Integer> types = new java.util.TreeSet<>();
        FrameTap tap = new FrameTap() {
            @Override public void sent(Network n, int fromPort, Message f) {
                if (f.u16(12) != 0x0800 || f.u8(23) != 6) return;
                int tcp = 14 + (f.u8(14) & 0xF) * 4, total = f.u16(16);
                if (f.u16(tcp) != 179 && f.u16(tcp + 2) != 179) return;
                int data = tcp + (f.u8(tcp + 12) >>> 4) * 4, end = 14 + total;
                if (data == end) return;
                byte[] payload = f.slice(data, end - data).toByteArray();
                List<BgpMessage> ms = new ArrayList<>();
                for (int at = 0; at < payload.length; ) {
                    int len = (payload[at + 16] & 0xFF) << 8 | (payload[at + 17] & 0xFF);
                    try {
                        ms.add(BgpMessage.parse(Arrays.copyOfRange(payload, at, at + len), true));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    at += len;
                }
                for (BgpMessage m : ms) types.add(m.type());
                sent.computeIfAbsent(n, k -> new ArrayList<>()).add(row(ms));
            }
        };
        List<Path> pcaps = new ArrayList<>();
        Map<Path, PcapWriter> writers = new LinkedHashMap<>();
        try (Captures cap = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            for (Network n : List.of(ab, bb, bc)) {
                n.addTap(tap);
                Path p = dir.resolve("bgp-" + n.name() + ".pcap");
                pcaps.add(p);
                writers.put(p, cap.network(n, p));
            }
            sim.runUntil(300 * S);
            sim.shutdown();
        }
        for (Machine m : sim.machines()) assertThat(m.failures()).isEmpty();
        assertThat(types).containsExactly(1, 2, 3, 4);
        int k = 0;
        for (Network n : List.of(ab, bb, bc)) {
            Path pcap = pcaps.get(k++);
            assertClean(pcap);
            List<String> rows = tshark(pcap);
            assertThat(rows).as(n.name()).containsExactlyElementsOf(sent.get(n));
            assertScapyRebuildsEveryFrame(pcap, writers.get(pcap).frames());
            assertScapyRebuildsEveryBgpMessage(pcap);
        }
        // What the run was to show on the wire: the 4-octet AS, communities, MED, a withdrawal, LOCAL_PREF on iBGP.
        String external = String.join("\n", sent.get(ab)) + "\n" + String.join("\n", sent.get(bc));
        assertThat(external).contains("4200000002", "\t65001,65001\t100,200\t", "\t50\t");
        assertThat(sent.get(ab)).anyMatch(r -> r.split("\t", -1)[6].equals("10.11.0.0"));
        assertThat(sent.get(bb)).anyMatch(r -> r.split("\t", -1)[12].equals("100"));
    }

    private static Bgp speaker(Machine m, long asn, List<BgpNeighbor> neighbors, String... networks) {
        List<Prefix> nets = new ArrayList<>();
        for (String n : networks) nets.add(Prefix.parse(n));
        Bgp b = new Bgp(new BgpConfig(asn, 0, neighbors, nets, Set.of(), 0, 90 * S, 20 * S, 30 * S, 5 * S));
        m.addApplication(b);
        return b;
    }

    /** tshark reading 4-octet AS numbers (RFC 6793), its BGP rows for {@link #FIELDS}. */
    static List<String> tshark(Path pcap) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/tshark", "-n", "-r", pcap.toString(), "-o", "bgp.asn_len:4",
                "-o", "tcp.check_checksum:TRUE", "-o", "tcp.desegment_tcp_streams:FALSE", "-Y", "bgp", "-T", "fields"));
        for (String f : FIELDS) cmd.addAll(List.of("-e", f));
        WiresharkTest.Result r = WiresharkTest.run(cmd.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out().lines().filter(l -> !l.isBlank() && !l.startsWith("Running as user")).toList();
    }

    /** What tshark prints for {@link #FIELDS} of one frame's messages: each field's values in order, comma-separated. */
    static String row(List<BgpMessage> ms) {
        List<List<String>> cols = new ArrayList<>();
        for (int i = 0; i < FIELDS.length; i++) cols.add(new ArrayList<>());
        for (BgpMessage m : ms) {
            cols.get(0).add(Integer.toString(m.type()));
            cols.get(1).add(Integer.toString(m.encode(true).length));
            switch (m) {
                case BgpMessage.Open o -> {
                    cols.get(2).add(Integer.toString(o.myAs()));
                    cols.get(3).add(Integer.toString(o.holdTime()));
                    cols.get(4).add(Ipv4Address.format(o.bgpIdentifier()));
                    cols.get(5).add(Long.toString(o.asn()));
                }
                case BgpMessage.Update u -> {
                    for (Prefix p : u.withdrawn()) {
                        cols.get(6).add(Ipv4Address.format(p.address()));
                        cols.get(16).add(Integer.toString(p.length()));
                    }
                    PathAttributes a = u.attributes();
                    if (a != null) {
                        cols.get(7).add(Integer.toString(a.origin()));
                        for (String seg : segments(a.asPath())) cols.get(8).add(seg);
                        if (!a.asPath().isEmpty()) for (String as : a.asPath().toString().replaceAll("[{}]", "").split(" ")) cols.get(9).add(as);
                        cols.get(10).add(Ipv4Address.format(a.nextHop()));
                        if (a.med() >= 0) cols.get(11).add(Long.toString(a.med()));
                        if (a.localPref() >= 0) cols.get(12).add(Long.toString(a.localPref()));
                        for (int cm : a.communities()) {
                            cols.get(13).add(Integer.toString(cm >>> 16));
                            cols.get(14).add(Integer.toString(cm & 0xFFFF));
                        }
                    }
                    for (Prefix p : u.nlri()) {
                        cols.get(15).add(Ipv4Address.format(p.address()));
                        cols.get(16).add(Integer.toString(p.length()));
                    }
                }
                case BgpMessage.Notification n -> {
                    cols.get(17).add(Integer.toString(n.code()));
                    cols.get(17 + n.code()).add(Integer.toString(n.subcode()));
                }
                case BgpMessage.Keepalive k -> { }
            }
        }
        StringJoiner j = new StringJoiner("\t");
        for (List<String> c : cols) j.add(String.join(",", c));
        return j.toString();
    }

    private static List<String> segments(AsPath p) {
        List<String> r = new ArrayList<>();
        String s = p.toString();
        if (s.isEmpty()) return r;
        // Segment types in order: a "{...}" group is a SET (1), a run of plain numbers a SEQUENCE (2).
        for (String part : s.split("(?=\\{)|(?<=\\})")) if (!part.isBlank()) r.add(part.trim().startsWith("{") ? "1" : "2");
        return r;
    }

    static void assertScapyRebuildsEveryBgpMessage(Path pcap) throws IOException {
        Path script = pcap.resolveSibling("rebuild_bgp.py");
        try (var in = BgpWiresharkTest.class.getResourceAsStream("/rebuild_bgp.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        WiresharkTest.Result r = WiresharkTest.run("/usr/bin/python3", script.toString(), pcap.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).as(r.out()).containsPattern("messages=[1-9]\\d* differing=0 undissected=0");
    }
}
