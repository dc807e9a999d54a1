package elvis.ndl;

import elvis.app.ApplicationRegistry;
import static elvis.ndl.NdlTestSupport.parse;
import static elvis.ndl.NdlTestSupport.reindent;
import static elvis.ndl.NdlTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import elvis.ndl.model.AppSpec;
import elvis.ndl.model.ArgValue;
import elvis.ndl.model.Ipv4;
import elvis.link.LinkConfig;
import elvis.ndl.model.LinkSpec;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.NetworkSpec;
import elvis.ndl.model.ProtocolSpec;
import elvis.ndl.model.RouteSpec;
import elvis.ndl.model.Subnet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidFilesTest {

    static final String FIG2 = resource("fig2.ndl");

    private static NdlSimulation valid(String text) {
        NdlResult r = parse(text);
        assertThat(r.render()).isEmpty();
        assertThat(r.ok()).isTrue();
        return r.simulation().orElseThrow();
    }

    private static Ipv4 ip(String s) {
        return Ipv4.parse(s).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"  ", "\t", "    "})
    void paperFigure2InAnyIndentation(String unit) {
        assertThat(FIG2).contains("\n  [Network id='3']"); // the figure as printed uses two spaces
        NdlSimulation sim = valid(reindent(FIG2, unit));

        assertThat(sim.seed()).isEmpty();
        assertThat(sim.endNanos()).isEmpty();
        assertThat(sim.networks()).hasSize(1);
        NetworkSpec net = sim.networks().getFirst();
        assertThat(net.id()).isEqualTo("3");
        assertThat(net.link()).isEqualTo(LinkSpec.DEFAULT);
        assertThat(net.pool()).singleElement().satisfies(e -> {
            assertThat(e.first()).isEqualTo(ip("123.45.67.89"));
            assertThat(e.last()).isEqualTo(ip("123.45.67.89"));
        });
        assertThat(net.subnet()).isEqualTo(new Subnet(ip("123.45.67.0"), 24));

        assertThat(sim.machines()).extracting(MachineGroup::name).containsExactly("sender", "capturer");
        MachineGroup sender = sim.machines().get(0);
        MachineGroup capturer = sim.machines().get(1);
        assertThat(sender.count()).isEqualTo(1);
        assertThat(sender.router()).isFalse();
        assertThat(sender.protocols()).extracting(ProtocolSpec::name).containsExactly("IPv4", "UDP");
        AppSpec send = sender.applications().getFirst();
        assertThat(send.name()).isEqualTo("send_message");
        assertThat(send.args()).containsExactly(
                Map.entry("message", "Hello!"), Map.entry("to", "capturer"), Map.entry("port", "0xbeef"));
        assertThat(send.values()).containsExactly(
                Map.entry("message", new ArgValue.Text("Hello!")),
                Map.entry("to", new ArgValue.MachineRef(1, 1)),
                Map.entry("port", new ArgValue.Number(0xbeef)));
        AppSpec capture = capturer.applications().getFirst();
        assertThat(capture.values()).containsEntry("ip", new ArgValue.Address(ip("123.45.67.89")))
                .containsEntry("message_count", new ArgValue.Number(1));

        // The capturer claims the only listed address; the sender overflows into the /24.
        assertThat(capturer.networks().getFirst().claimed()).contains(ip("123.45.67.89"));
        assertThat(sender.networks().getFirst().claimed()).isEmpty();
        assertThat(sim.address(1, 1, 0)).isEqualTo(ip("123.45.67.89"));
        assertThat(sim.address(0, 1, 0)).isEqualTo(ip("123.45.67.1"));
    }

    @Test
    void positionsPointAtTheSource() {
        NdlSimulation sim = valid(FIG2);
        MachineGroup capturer = sim.machines().get(1);
        assertThat(capturer.pos()).isEqualTo(new Pos("test.ndl", 14, 4));
        assertThat(capturer.applications().getFirst().pos()).isEqualTo(new Pos("test.ndl", 21, 8));
    }

    @Test
    void crlfBomAndCommentsAreAccepted() {
        String text = "\uFEFF# header comment\r\n" + FIG2.replace("\n", "   # trailing\r\n").replace("'Hello!'", "'Hel#lo!'");
        NdlSimulation sim = valid(text);
        assertThat(sim.machines().getFirst().applications().getFirst().args()).containsEntry("message", "Hel#lo!");
    }

    @Test
    void escapesInQuotedValues() {
        NdlSimulation sim = valid(FIG2.replace("message='Hello!'\n        to", "message='it\\'s a \\\\ test'\n        to"));
        assertThat(sim.machines().getFirst().applications().getFirst().args()).containsEntry("message", "it's a \\ test");
    }

    @Test
    void lossyLinkWithEveryAttribute() {
        NdlSimulation sim = valid(resource("lossy.ndl"));
        assertThat(sim.seed()).hasValue(42);
        assertThat(sim.endNanos()).hasValue(10_000_000_000L);
        assertThat(sim.networks().getFirst().link()).isEqualTo(new LinkSpec(LinkConfig.UNLIMITED
                .withBandwidth(1_500_000).withDelay(20_000_000).withJitter(150_000).withLoss(0.005).withCorruption(0.001)
                .withMtu(1400).withQueueBytes(64 * 1024), LinkSpec.ArpMode.STATIC, true, LinkSpec.NetworkType.P2P));
        MachineGroup client = sim.machines().get(0);
        assertThat(client.protocols()).extracting(ProtocolSpec::name).containsExactly("IPv4", "TCP");
        assertThat(client.applications().getFirst().values()).containsExactly(
                Map.entry("to", new ArgValue.MachineRef(1, 1)), Map.entry("port", new ArgValue.Number(8080)),
                Map.entry("count", new ArgValue.Number(100)), Map.entry("start", new ArgValue.Number(10_000_000)),
                Map.entry("size", new ArgValue.Number(1024)), Map.entry("transport", new ArgValue.Text("tcp")));
        assertThat(sim.address(1, 1, 0)).isEqualTo(ip("10.0.1.2"));
        assertThat(sim.address(0, 1, 0)).isEqualTo(ip("10.0.1.1"));
    }

    @Test
    void hundredThousandSendersGetAddressesWithoutMaterializing() {
        NdlSimulation sim = valid(resource("fanin.ndl"));
        MachineGroup clients = sim.machines().get(1);
        assertThat(clients.count()).isEqualTo(100_000);
        assertThat(clients.instanceName(7)).isEqualTo("client-7");
        assertThat(sim.machineCount()).isEqualTo(100_003);
        // sink claimed 10.0.0.5, so the clients skip it
        assertThat(sim.address(1, 1, 0)).isEqualTo(ip("10.0.0.1"));
        assertThat(sim.address(1, 4, 0)).isEqualTo(ip("10.0.0.4"));
        assertThat(sim.address(1, 5, 0)).isEqualTo(ip("10.0.0.6"));
        assertThat(sim.address(1, 100_000, 0)).isEqualTo(ip("10.1.134.161"));
        MachineGroup gw = sim.machines().get(2);
        assertThat(gw.router()).isTrue();
        assertThat(sim.address(2, 1, 0)).isEqualTo(ip("10.1.134.162"));
        assertThat(sim.address(2, 1, 1)).isEqualTo(ip("192.168.1.1"));
        assertThat(gw.routes()).extracting(RouteSpec::destination, RouteSpec::via).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Subnet.DEFAULT_ROUTE, ip("192.168.1.20")),
                org.assertj.core.groups.Tuple.tuple(new Subnet(ip("172.16.0.0"), 12), ip("192.168.1.20")));
    }

    @Test
    void tenMillionMachinesValidateQuickly() {
        String text = resource("fanin.ndl").replace("count=100000", "count='10000000'");
        long start = System.nanoTime();
        NdlSimulation sim = valid(text);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(sim.address(1, 10_000_000, 0)).isEqualTo(Ipv4.ofUnsigned(ip("10.0.0.0").unsigned() + 10_000_001));
    }

    @Test
    void poolIsUsedInFileOrderBeforeTheSubnet() {
        String text = """
                [Networks]
                  [Network id='n']
                    [IP ip='10.0.0.50']
                    [IP range='10.0.0.20-21']
                [Machines]
                  [Machine name='a' count=4]
                    [Networks]
                      [Network id='n']
                    [Applications]
                  [Machine name='b']
                    [Networks]
                      [Network id='n' ip='10.0.0.1']
                    [Applications]
                """;
        NdlSimulation sim = valid(text);
        assertThat(List.of(sim.address(0, 1, 0), sim.address(0, 2, 0), sim.address(0, 3, 0), sim.address(0, 4, 0)))
                .containsExactly(ip("10.0.0.50"), ip("10.0.0.20"), ip("10.0.0.21"), ip("10.0.0.2"));
        assertThat(sim.address(1, 1, 0)).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void destinationsByInstanceNameAndAddress() {
        String text = """
                [Networks]
                  [Network id='1']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='client' count=10]
                    [Networks]
                      [Network id='1']
                    [Applications]
                      [Application name='send_message' message='x' to='client-7' port=1]
                      [Application name='send_message' message='x' to='client' port=1]
                      [Application name='send_message' message='x' to='8.8.8.8' port=1]
                """;
        List<AppSpec> apps = valid(text).machines().getFirst().applications();
        assertThat(apps).extracting(a -> a.values().get("to")).containsExactly(
                new ArgValue.MachineRef(0, 7), new ArgValue.MachineRef(0, 0), new ArgValue.Address(ip("8.8.8.8")));
    }

    @Test
    void nearMissArgumentIsOnlyAWarning() {
        NdlResult r = parse(FIG2.replace("to='capturer' port='0xbeef'", "to='capturer' port='0xbeef' cuont='3'"));
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.message()).isEqualTo("application 'send_message' has no argument 'cuont'; did you mean 'count'?");
            assertThat(w.pos()).isEqualTo(new Pos("test.ndl", 13, 37));
        });
        assertThat(r.render()).startsWith("test.ndl:13:37: warning: application 'send_message'");
        assertThat(r.simulation().orElseThrow().machines().getFirst().applications().getFirst().args()).containsEntry("cuont", "3");
    }

    @Test
    void undeclaredArgumentsAreHandedOverWithAWarning() {
        NdlResult r = parse(FIG2.replace("message_count='1'", "message_count='1' verbose=yes"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().extracting(Diagnostic::message).asString()
                .startsWith("application 'capture' has no argument 'verbose'; it is ignored (arguments: ip, port,");
        MachineGroup capturer = r.simulation().orElseThrow().machines().get(1);
        assertThat(capturer.applications().getFirst().args()).containsEntry("verbose", "yes");
        assertThat(capturer.applications().getFirst().values()).doesNotContainKey("verbose");
    }

    @Test
    void readsFilesFromDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("fig2.ndl");
        java.nio.file.Files.writeString(file, FIG2);
        assertThat(Ndl.read(file, ApplicationRegistry.load()).ok()).isTrue();
        java.nio.file.Files.write(file, new byte[] {'[', (byte) 0xff, ']'});
        NdlResult bad = Ndl.read(file, ApplicationRegistry.load());
        assertThat(bad.errors()).singleElement().extracting(Diagnostic::message).isEqualTo("file is not valid UTF-8");
        assertThat(Ndl.read(dir.resolve("missing.ndl"), ApplicationRegistry.load()).ok()).isFalse();
    }
}
