package elvis.live;

import static elvis.live.BridgedWorld.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import elvis.link.LinkConfig;
import elvis.trace.Captures;
import elvis.trace.PcapWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tcpdump on the TAP device and Elvis's own capture of the bridged network see the same frames. */
class TapBridgeCaptureTest {
    @TempDir Path dir;

    @Test
    void tcpdumpOnTheDeviceAndTheNetworksPcapHoldTheSameFrames() throws Exception {
        Live.assumeTap();
        assumeTrue(HostSetup.onPath("tcpdump") != null, "skipped: tcpdump is not installed");
        Path ours = dir.resolve("lan.pcap"), theirs = dir.resolve("tap.pcap"), log = dir.resolve("tcpdump.log");
        Captures captures = null;
        String ping;
        try (BridgedWorld w = new BridgedWorld(LinkConfig.UNLIMITED.withDelay(5 * MS)).bridge()) {
            captures = new Captures(w.kernel, PcapWriter.DEFAULT_SNAPLEN);
            captures.network(w.lan, ours);
            w.start();
            Process tcpdump = new ProcessBuilder(HostSetup.inNamespace(w.ns, "tcpdump", "-i", w.dev, "-n", "--immediate-mode", "-U", "-w", theirs.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!Files.readString(log).contains("listening on") && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(Files.readString(log)).contains("listening on");
                ping = w.exec(20, "ping", "-c", "5", "-i", "0.1", "10.1.0.2")
                        + w.exec(20, "ping", "-c", "2", "-i", "0.1", "10.0.0.1");
                // tcpdump hands over what it captured in blocks, unless in immediate mode; give it the time anyway
                deadline = System.nanoTime() + 5_000_000_000L;
                while (frames(theirs).size() < 16 && System.nanoTime() < deadline) Thread.sleep(50);
            } finally {
                tcpdump.destroy();                              // SIGTERM: tcpdump writes what it has and exits
                tcpdump.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (captures != null) captures.close();
        }
        List<String> elvis = ipv4AndArp(frames(ours)), linux = ipv4AndArp(frames(theirs));
        System.out.println("elvis " + elvis.size() + " frames, tcpdump " + linux.size() + " frames");
        assertThat(elvis.stream().filter(f -> f.startsWith("icmp")).count()).as(ping).isEqualTo(14);   // 7 echo requests, 7 replies
        assertThat(linux).as(Files.readString(log)).containsExactlyInAnyOrderElementsOf(elvis);
    }

    /** The frames of a pcap file (microsecond or nanosecond timestamps, little-endian as both writers here write). */
    static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 24) return List.of();               // tcpdump has not written its header yet
        int magic = b.getInt(0);
        assertThat(magic).isIn(0xa1b2c3d4, PcapWriter.MAGIC_NANOSECONDS);
        assertThat(b.getInt(20)).isEqualTo(PcapWriter.LINKTYPE_ETHERNET);
        List<byte[]> frames = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int captured = b.getInt(), original = b.getInt();
            assertThat(captured).isEqualTo(original);
            if (b.remaining() < captured) break;                // tcpdump stopped mid-record
            byte[] f = new byte[captured];
            b.get(f);
            frames.add(f);
        }
        return frames;
    }

    /** IPv4 and ARP frames as "icmp:HEX" or "other:HEX", the unit compared. */
    static List<String> ipv4AndArp(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            int type = TapTest.type(f);
            if (type != 0x0800 && type != 0x0806) continue;
            out.add((type == 0x0800 && f[23] == 1 ? "icmp:" : "other:") + HexFormat.of().formatHex(f));
        }
        return out;
    }
}
