package elvis.trace;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.Udp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static elvis.trace.WiresharkTest.Result;
import static elvis.trace.WiresharkTest.assertClean;
import static elvis.trace.WiresharkTest.assertScapyRebuildsEveryFrame;
import static elvis.trace.WiresharkTest.ip;
import static elvis.trace.WiresharkTest.run;
import static elvis.trace.WiresharkTest.tshark;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPv4 fragments as tshark sees them with IP reassembly on: nothing malformed, checksums right, and
 * the datagram it puts together carries exactly the bytes that were sent. Tools as in {@link WiresharkTest}.
 */
class FragmentWiresharkTest {
    static final long MS = 1_000_000;

    @TempDir
    static Path dir;

    @BeforeAll
    static void toolsPresent() { WiresharkTest.toolsPresent(); }

    @Test
    void fragmentsAcrossARouterAreCleanAndTsharkReassemblesWhatWasSent() throws IOException {
        Simulation sim = new Simulation(1);
        Network left = sim.network("left", LinkConfig.UNLIMITED.withDelay(MS));
        Network right = sim.network("right", LinkConfig.UNLIMITED.withDelay(MS).withMtu(1000));
        Machine a = sim.machine("a"), r = sim.machine("r"), b = sim.machine("b");
        sim.connect(a, left, "10.0.1.10/24");
        sim.connect(r, left, "10.0.1.1/24");
        sim.connect(r, right, "10.0.2.1/24");
        sim.connect(b, right, "10.0.2.10/24");
        sim.router(r);
        sim.route(a, "default", "10.0.1.1");
        sim.route(b, "default", "10.0.2.1");
        List<Message> got = new ArrayList<>();
        Udp.of(b).bind(5000, null, (d, s, p) -> got.add(d));
        SplittableRandom rnd = new SplittableRandom(3);
        List<byte[]> sent = new ArrayList<>();
        for (int size : new int[] {3992, 8000, 1472, 20_000}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            sent.add(data);
            sim.kernel().at(sent.size() * MS, () -> Udp.of(a).bind(0, null, (d, s, p) -> { }).sendTo(ip("10.0.2.10"), 5000, Message.wrap(data)));
        }
        Path l = dir.resolve("frag-left.pcap"), rt = dir.resolve("frag-right.pcap");
        PcapWriter lw, rw;
        try (Captures c = new Captures(sim.kernel(), PcapWriter.DEFAULT_SNAPLEN)) {
            lw = c.network(left, l);
            rw = c.network(right, rt);
            sim.run();
        }
        assertThat(got).hasSize(4);
        for (Path pcap : List.of(l, rt)) {
            assertClean(pcap);
            assertThat(reassembledPayloads(pcap)).as(pcap.toString())
                    .containsExactlyElementsOf(sent.stream().map(HexFormat.of()::formatHex).toList());
        }
        assertThat(tshark(rt, "ip.flags.mf == 1 || ip.frag_offset > 0")).as("fragments on the right").hasSizeGreaterThan(30);
        assertThat(tshark(rt, "ip.len > 1000")).isEmpty();
        assertScapyRebuildsEveryFrame(l, lw.frames());
        assertScapyRebuildsEveryFrame(rt, rw.frames());
    }

    /** The UDP payloads tshark finds with IP reassembly on, in hex. */
    private static List<String> reassembledPayloads(Path pcap) {
        Result r = run("/usr/bin/tshark", "-n", "-r", pcap.toString(), "-o", "ip.defragment:TRUE", "-o", "ip.check_checksum:TRUE",
                "-o", "udp.check_checksum:TRUE", "-Y", "udp.dstport == 5000", "-T", "fields", "-e", "data.data");
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out().lines().filter(x -> !x.isBlank() && !x.startsWith("Running as user")).map(x -> x.replace(":", "")).toList();
    }
}
