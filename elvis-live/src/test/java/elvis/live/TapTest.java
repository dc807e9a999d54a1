package elvis.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TapTest {
    private static final byte[] OUR_MAC = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};

    @Test
    void openCreatesTheDeviceAndCloseRemovesIt() throws Exception {
        Live.assumeTap();
        String dev = Live.name("t");
        Tap tap = Tap.open(dev);
        try {
            assertThat(tap.name()).isEqualTo(dev);
            assertThat(HostSetup.run(List.of("ip", "-d", "link", "show", dev))).contains(dev).contains("tun type tap");
            // a second opener of the same device is refused, with the reason
            assertThatThrownBy(() -> Tap.open(dev)).isInstanceOf(LiveException.class).hasMessageContaining("busy");
            assertThatThrownBy(() -> Tap.open("lo")).isInstanceOf(LiveException.class)
                    .hasMessage("cannot create TAP device lo: a device of another kind already has this name");
            long start = System.nanoTime();
            assertThat(tap.read(new byte[Tap.MAX_FRAME], 150)).isZero();   // down: nothing comes
            assertThat(System.nanoTime() - start).isBetween(140_000_000L, 2_000_000_000L);
        } finally {
            tap.close();
            tap.close();
        }
        assertThatThrownBy(() -> HostSetup.run(List.of("ip", "link", "show", dev))).isInstanceOf(LiveException.class);
        assertThat(tap.read(new byte[64], 10)).isEqualTo(-1);
        assertThat(tap.write(new byte[64], 0, 64)).isFalse();
    }

    @Test
    void withoutCapNetAdminEachPartSaysSoPlainly() throws Exception {
        Live.assumeTap();
        assumeTrue(HostSetup.onPath("setpriv") != null, "skipped: setpriv (util-linux) is not installed");
        String dev = Live.name("t");
        Process child = new ProcessBuilder("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), PrivilegeChild.class.getName(), dev)
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("host: setting up the host (namespaces, addresses, routes) needs CAP_NET_ADMIN: run as root",
                "tap: creating a TAP device needs CAP_NET_ADMIN: run as root",
                "open: cannot create TAP device " + dev + ": needs CAP_NET_ADMIN (run as root)");
        assertThat(out).doesNotContain("Exception");
    }

    @Test
    void rejectsBadNames() {
        assertThatThrownBy(() -> Tap.open("sixteen-chars-xx")).isInstanceOf(LiveException.class).hasMessageContaining("invalid TAP device name");
        assertThatThrownBy(() -> Tap.open("a/b")).isInstanceOf(LiveException.class);
        assertThatThrownBy(() -> Tap.open("")).isInstanceOf(LiveException.class);
    }

    /**
     * In a namespace the device has 10.81.0.1/24; a ping to 10.81.0.2 makes the kernel ask for the
     * neighbour's MAC (an ARP request we read), we answer (a frame we write, which the kernel
     * learns), and the kernel sends the echo request to our MAC (read again).
     */
    @Test
    void framesGoBothWaysBetweenTheDeviceAndTheKernelOfANamespace() throws Exception {
        Live.assumeTap();
        String ns = Live.name("n");
        String dev = Live.name("t");
        try (HostSetup host = new HostSetup(); Tap tap = Tap.open(dev)) {
            host.namespace(ns);
            host.moveLink(dev, ns);
            host.address(ns, dev, "10.81.0.1/24");
            Process ping = new ProcessBuilder(HostSetup.inNamespace(ns, "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.81.0.2"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                byte[] buf = new byte[Tap.MAX_FRAME];
                byte[] request = null;
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (request == null && System.nanoTime() < deadline) {
                    int n = tap.read(buf, 200);
                    assertThat(n).isGreaterThanOrEqualTo(0);
                    if (n >= 42 && type(buf) == 0x0806 && u16(buf, 20) == 1 && ip(buf, 38).equals("10.81.0.2")) {
                        request = java.util.Arrays.copyOf(buf, n);
                    }
                }
                assertThat(request).as("the kernel's ARP request for 10.81.0.2").isNotNull();
                byte[] reply = arpReply(request);
                assertThat(tap.write(reply, 0, reply.length)).isTrue();
                byte[] echo = null;
                deadline = System.nanoTime() + 5_000_000_000L;
                while (echo == null && System.nanoTime() < deadline) {
                    int n = tap.read(buf, 200);
                    if (n >= 42 && type(buf) == 0x0800 && buf[23] == 1 && java.util.Arrays.equals(buf, 0, 6, OUR_MAC, 0, 6)) {
                        echo = java.util.Arrays.copyOf(buf, n);
                    }
                }
                assertThat(echo).as("the echo request sent to the MAC we answered with").isNotNull();
                assertThat(ip(echo, 30)).isEqualTo("10.81.0.2");
                assertThat(HostSetup.run(List.of("ip", "-n", ns, "neigh", "show", "10.81.0.2"))).contains("02:00:5e:10:00:02");
            } finally {
                ping.destroy();
                ping.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDeviceDeletedWithItsNamespaceReadsAsGone() throws Exception {
        Live.assumeTap();
        String ns = Live.name("n");
        String dev = Live.name("t");
        try (HostSetup host = new HostSetup(); Tap tap = Tap.open(dev)) {
            host.namespace(ns);
            host.moveLink(dev, ns);
            assertThat(tap.read(new byte[Tap.MAX_FRAME], 50)).isGreaterThanOrEqualTo(0);
            HostSetup.run(List.of("ip", "netns", "del", ns));
            long start = System.nanoTime();
            int n;
            do {
                n = tap.read(new byte[Tap.MAX_FRAME], 100);
            } while (n >= 0 && System.nanoTime() - start < 3_000_000_000L);
            assertThat(n).isEqualTo(-1);
            assertThat(tap.gone()).isTrue();
            assertThat(tap.write(new byte[60], 0, 60)).isFalse();
        }
        assertThat(HostSetup.run(List.of("ip", "netns", "list"))).doesNotContain(ns);
    }

    static int type(byte[] f) { return u16(f, 12); }

    static int u16(byte[] f, int at) { return (f[at] & 0xff) << 8 | f[at + 1] & 0xff; }

    static String ip(byte[] f, int at) {
        return (f[at] & 0xff) + "." + (f[at + 1] & 0xff) + "." + (f[at + 2] & 0xff) + "." + (f[at + 3] & 0xff);
    }

    /** The ARP reply to {@code request}, from OUR_MAC. */
    private static byte[] arpReply(byte[] request) {
        byte[] r = new byte[42];
        System.arraycopy(request, 6, r, 0, 6);      // to the asker
        System.arraycopy(OUR_MAC, 0, r, 6, 6);
        r[12] = 0x08; r[13] = 0x06;
        System.arraycopy(request, 14, r, 14, 6);    // htype, ptype, hlen, plen
        r[20] = 0; r[21] = 2;                        // reply
        System.arraycopy(OUR_MAC, 0, r, 22, 6);
        System.arraycopy(request, 38, r, 28, 4);    // sender IP: the one asked for
        System.arraycopy(request, 22, r, 32, 10);   // target: the asker's MAC and IP
        return r;
    }
}
