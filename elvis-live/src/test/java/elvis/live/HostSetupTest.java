package elvis.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostSetupTest {
    private static String namespaces() throws LiveException {
        return HostSetup.run(List.of("ip", "netns", "list"));
    }

    @Test
    void createsANamespaceWithAddressAndRouteAndRemovesItOnClose() throws Exception {
        Live.assumeHost();
        String ns = Live.name("n");
        String before = namespaces();
        try (HostSetup host = new HostSetup()) {
            host.namespace(ns);
            assertThat(namespaces()).contains(ns);
            assertThat(HostSetup.run(List.of("ip", "-n", ns, "link", "show", "lo"))).contains("UP");
            HostSetup.run(List.of("ip", "-n", ns, "tuntap", "add", "d0", "mode", "tap"));
            host.address(ns, "d0", "10.77.0.2/24");
            host.route(ns, "10.78.0.0/16", "10.77.0.1");
            assertThat(HostSetup.run(List.of("ip", "-n", ns, "addr", "show", "d0"))).contains("inet 10.77.0.2/24");
            assertThat(HostSetup.run(List.of("ip", "-n", ns, "route"))).contains("10.78.0.0/16 via 10.77.0.1 dev d0");
            assertThat(HostSetup.run(HostSetup.inNamespace(ns, "ip", "-o", "addr", "show", "d0"))).contains("10.77.0.2/24");
            host.close();
            host.close();  // twice is fine
        }
        assertThat(namespaces()).doesNotContain(ns).isEqualTo(before);
    }

    @Test
    void movesADeviceIntoANamespaceAndUndoesChangesInTheHostsOwnNamespace() throws Exception {
        Live.assumeHost();
        String ns = Live.name("n");
        String dev = Live.name("d");
        try (HostSetup host = new HostSetup()) {
            host.namespace(ns);
            HostSetup.run(List.of("ip", "tuntap", "add", dev, "mode", "tap"));
            try {
                host.address(null, dev, "10.79.0.1/24");
                host.route(null, "10.80.0.0/16", "10.79.0.2");
                assertThat(HostSetup.run(List.of("ip", "route"))).contains("10.80.0.0/16 via 10.79.0.2");
                host.close();
                // what it added to the host's namespace is gone; the device it did not create stays
                assertThat(HostSetup.run(List.of("ip", "route"))).doesNotContain("10.80.0.0/16");
                assertThat(HostSetup.run(List.of("ip", "addr", "show", dev))).doesNotContain("10.79.0.1");
            } finally {
                HostSetup.run(List.of("ip", "link", "del", dev));
            }
        }
        try (HostSetup host = new HostSetup()) {
            host.namespace(ns);
            HostSetup.run(List.of("ip", "tuntap", "add", dev, "mode", "tap"));
            host.moveLink(dev, ns);
            assertThat(HostSetup.run(List.of("ip", "-n", ns, "link", "show", dev))).contains(dev);
            assertThat(HostSetup.run(List.of("ip", "link", "show"))).doesNotContain(dev);
        }
        // a virtual device dies with its namespace
        assertThat(HostSetup.run(List.of("ip", "link", "show"))).doesNotContain(dev);
        assertThat(namespaces()).doesNotContain(ns);
    }

    @Test
    void anIpErrorNamesTheCommandAndQuotesItsError() throws Exception {
        Live.assumeHost();
        String ns = Live.name("n");
        try (HostSetup host = new HostSetup()) {
            assertThatThrownBy(() -> host.moveLink("eltnosuchdev", ns))
                    .isInstanceOf(LiveException.class)
                    .hasMessageContaining("ip link set eltnosuchdev netns " + ns)
                    .hasMessageContaining("failed");
            host.namespace(ns);
            assertThatThrownBy(() -> host.namespace(ns)).isInstanceOf(LiveException.class)
                    .hasMessageContaining("ip netns add " + ns).hasMessageContaining("exists");
        }
        assertThat(namespaces()).doesNotContain(ns);
    }

    @Test
    void aKilledJvmStillRemovesWhatItCreated() throws Exception {
        Live.assumeHost();
        String ns = Live.name("n");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HostSetupChild.class.getName(), ns)
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            assertThat(out.readLine()).isEqualTo("ready");
            assertThat(namespaces()).contains(ns);
            child.destroy();                                // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(namespaces()).doesNotContain(ns);
        } finally {
            child.destroyForcibly();
            try {
                HostSetup.run(List.of("ip", "netns", "del", ns));
            } catch (LiveException gone) {
                // removed by the hook, as it should be
            }
        }
    }

    @Test
    void rejectsNamesThatAreNotNames() {
        HostSetup host = new HostSetup();
        assertThatThrownBy(() -> host.namespace("a b")).isInstanceOf(LiveException.class).hasMessageContaining("invalid namespace");
        assertThatThrownBy(() -> host.moveLink("sixteencharsname", "x")).isInstanceOf(LiveException.class).hasMessageContaining("invalid device");
        assertThatThrownBy(() -> host.namespace("-x")).isInstanceOf(LiveException.class);
        host.close();
        assertThatThrownBy(() -> host.namespace("ok")).isInstanceOf(LiveException.class).hasMessageContaining("closed");
    }

    @Test
    void saysWhatIsMissing() {
        // on this machine (root, iproute2) nothing is; elsewhere the message names the missing piece
        String why = HostSetup.unavailable();
        if (HostSetup.hasNetAdmin() && HostSetup.onPath("ip") != null) assertThat(why).isNull();
        else assertThat(why).matches(".*(CAP_NET_ADMIN|iproute2).*");
        assertThat(HostSetup.inNamespace("ns1", "ping", "-c", "1", "10.0.0.1"))
                .containsExactly("ip", "netns", "exec", "ns1", "ping", "-c", "1", "10.0.0.1");
    }
}
