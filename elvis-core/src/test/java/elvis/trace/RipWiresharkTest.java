package elvis.trace;

import elvis.Simulation;
import elvis.link.FrameTap;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.routing.rip.RipMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import static elvis.trace.WiresharkTest.assertClean;
import static elvis.trace.WiresharkTest.assertScapyRebuildsEveryFrame;
import static elvis.trace.WiresharkTest.ip;
import static elvis.trace.WiresharkTest.tshark;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RIP messages on the wire, read by tshark's RIP dissector: nothing malformed, no expert error, and
 * per message the command, version and every entry's family, route tag, address, mask, next hop and
 * metric as we encoded them. Scapy rebuilds every frame byte for byte, and rebuilds each RIP
 * message from its dissected fields (rebuild_rip.py).
 */
class RipWiresharkTest {
    static final long MS = 1_000_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() { WiresharkTest.toolsPresent(); }

    static final String[] FIELDS = {"rip.command", "rip.version", "rip.family", "rip.route_tag", "rip.ip", "rip.netmask", "rip.next_hop", "rip.metric"};

    @Test
    void messagesOfEveryKindDissectAsSent() throws IOException {
        Simulation sim = new Simulation(19);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS));
        Machine a = sim.machine("a"), b = sim.machine("b");
        sim.connect(a, lan, "10.0.0.1/24");
        sim.connect(b, lan, "10.0.0.2/24");
        Application owner = new Application() {
            @Override public String name() { return "rip-wire"; }
            @Override public void start(Machine m) { }
            @Override public String summary() { return ""; }
        };
        UdpSession from = Udp.of(a).bind(RipMessage.PORT, owner, (data, src, port) -> { });
        Udp.of(b).bind(RipMessage.PORT, owner, (data, src, port) -> { });
        List<RipMessage> messages = new ArrayList<>();
        messages.add(RipMessage.wholeTableRequest());
        messages.add(new RipMessage(RipMessage.REQUEST, 2, List.of(RipMessage.Entry.route(ip("10.9.0.0"), ip("255.255.0.0"), 0, 16))));
        List<RipMessage.Entry> full = new ArrayList<>();
        for (int i = 0; i < RipMessage.MAX_ENTRIES; i++)
            full.add(new RipMessage.Entry(2, i * 1000, ip("10.0.0.0") + (i << 16), ip("255.255.0.0") << (i % 8), i % 3 == 0 ? ip("10.0.0.7") : 0, 1 + i % 16));
        messages.add(RipMessage.response(full));
        messages.add(RipMessage.response(List.of(RipMessage.Entry.route(ip("192.168.3.0"), ip("255.255.255.0"), 0, RipMessage.INFINITY))));
        for (int i = 0; i < messages.size(); i++) {
            RipMessage m = messages.get(i);
            sim.kernel().at((i + 1) * MS, () -> from.sendTo(ip("10.0.0.2"), RipMessage.PORT, m.toMessage(), 1));
        }
        List<RipMessage> sent = new ArrayList<>();
        lan.addTap(new FrameTap() {
            @Override public void sent(Network n, int fromPort, Message f) {
                if (f.u16(12) != 0x0800 || f.u8(23) != 17) return;
                int udp = 14 + (f.u8(14) & 0xF) * 4;
                if (f.u16(udp) == RipMessage.PORT) sent.add(RipMessage.parse(f.slice(udp + 8, f.u16(udp + 4) - 8)));
            }
        });
        Path pcap = dir.resolve("rip.pcap");
        PcapWriter w;
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            w = c.network(lan, pcap);
            sim.runUntil(1_000 * MS);
            sim.shutdown();
        }
        assertThat(sent).containsExactlyElementsOf(messages);
        check(pcap, w.frames(), sent);
    }

    /** tshark's rows equal what was sent, the capture is clean, and scapy rebuilds frames and RIP messages. */
    static void check(Path pcap, long frames, List<RipMessage> sent) throws IOException {
        assertClean(pcap);
        List<String> rows = tshark(pcap, "rip", FIELDS);
        List<String> expected = sent.stream().map(RipWiresharkTest::row).toList();
        assertThat(rows).containsExactlyElementsOf(expected);
        assertScapyRebuildsEveryFrame(pcap, frames);
        Path script = pcap.resolveSibling("rebuild_rip.py");
        try (var in = RipWiresharkTest.class.getResourceAsStream("/rebuild_rip.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        WiresharkTest.Result r = WiresharkTest.run("/usr/bin/python3", script.toString(), pcap.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        int entries = sent.stream().mapToInt(m -> m.entries().size()).sum();
        assertThat(r.out()).as(r.out()).contains("messages=" + sent.size() + " differing=0 entries=" + entries);
    }

    /** What tshark prints for {@link #FIELDS}: the address only for family-2 entries (an unspecified one shows mask and next hop). */
    static String row(RipMessage m) {
        StringJoiner fam = new StringJoiner(","), tag = new StringJoiner(","), addr = new StringJoiner(","), mask = new StringJoiner(","),
                next = new StringJoiner(","), metric = new StringJoiner(",");
        for (RipMessage.Entry e : m.entries()) {
            fam.add(Integer.toString(e.afi()));
            tag.add(Integer.toString(e.tag()));
            if (e.afi() == RipMessage.AFI_INET) addr.add(Ipv4Address.format(e.address()));
            mask.add(Ipv4Address.format(e.mask()));
            next.add(Ipv4Address.format(e.nextHop()));
            metric.add(Integer.toString(e.metric() & 0xFFFF));
        }
        return String.join("\t", Integer.toString(m.command()), Integer.toString(m.version()), fam.toString(), tag.toString(),
                addr.toString(), mask.toString(), next.toString(), metric.toString());
    }
}
