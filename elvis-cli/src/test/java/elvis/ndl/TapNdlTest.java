package elvis.ndl;

import elvis.app.ApplicationRegistry;
import elvis.ndl.model.LinkSpec;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.TapSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** A [Network]'s tap= and the host-side keys: parsed into the model, every mistake an error at its place (docs/live.md). */
class TapNdlTest {
    /** Line 2 holds the network's keys (KEYS replaced); the machine pins 10.0.0.1 and is the router. */
    static final String FILE = """
            [Networks]
              [Network id='lan' KEYS]
                [IP subnet='10.0.0.0/24']
            [Machines]
              [Machine name='gw' router='true']
                [Networks]
                  [Network id='lan' ip='10.0.0.1']
                [Applications]
              [Machine name='hosts' count='3']
                [Networks]
                  [Network id='lan']
                [Applications]
            """;

    private static String with(String keys) { return FILE.replace("KEYS", keys); }

    private static List<String> errors(String keys) {
        NdlResult r = parse(with(keys));
        assertThat(r.ok()).as(r.render()).isFalse();
        return r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    private static NdlSimulation model(String keys) {
        NdlResult r = parse(with(keys));
        assertThat(r.errors()).as(r.render()).isEmpty();
        return r.simulation().orElseThrow();
    }

    @Test
    void aTappedNetworkCarriesItsDeviceAndHostSideAndResolvesByArp() {
        NdlSimulation m = model("tap='elvis0' tap_netns='h1' tap_address='10.0.0.100/24' tap_gateway='10.0.0.1'");
        TapSpec t = m.networks().getFirst().tap();
        assertThat(t.device()).isEqualTo("elvis0");
        assertThat(t.netns()).isEqualTo("h1");
        assertThat(t.address().toString()).isEqualTo("10.0.0.100/24");
        assertThat(t.gateway().toString()).isEqualTo("10.0.0.1");
        assertThat(t.pos().line()).isEqualTo(2);
        assertThat(t.pos().col()).isEqualTo(21);                   // the tap key
        assertThat(m.networks().getFirst().link().arp()).isEqualTo(LinkSpec.ArpMode.DYNAMIC);
        assertThat(parse(with("arp='dynamic' tap='elvis0'")).errors()).isEmpty();
    }

    @Test
    void onlyTapIsNeededAndAnUntappedNetworkHasNone() {
        TapSpec t = model("tap='elvis0'").networks().getFirst().tap();
        assertThat(t.netns()).isNull();
        assertThat(t.address()).isNull();
        assertThat(t.gateway()).isNull();
        NdlSimulation plain = model("bandwidth='1Gbps'");
        assertThat(plain.networks().getFirst().tap()).isNull();
        assertThat(plain.networks().getFirst().link().arp()).isEqualTo(LinkSpec.ArpMode.STATIC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "sixteen-chars-xx", "a b", "eth0:1", ".", ".."})
    void badInterfaceNamesAreErrorsAtTheValue(String name) {
        assertThat(errors("tap='" + name + "'")).containsExactly(
                "2:25: '" + name + "' is not an interface name: 1 to 15 characters, no '/', ':' or spaces");
    }

    @Test
    void anEmptyNameAndFifteenCharacters() {
        assertThat(errors("tap=''")).containsExactly("2:25: '' is not an interface name: 1 to 15 characters, no '/', ':' or spaces");
        assertThat(model("tap='fifteen-chars-x'").networks().getFirst().tap().device()).hasSize(15);
    }

    @Test
    void aPointToPointLinkCannotBeTapped() {
        String p2p = """
                [Networks]
                  [Network id='wire' type='p2p' tap='elvis0']
                    [IP subnet='10.0.0.0/30']
                [Machines]
                  [Machine name='a']
                    [Networks]
                      [Network id='wire']
                    [Applications]
                  [Machine name='b']
                    [Networks]
                      [Network id='wire']
                    [Applications]
                """;
        NdlResult r = parse(p2p);
        assertThat(r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message())).containsExactly(
                "2:33: tap needs a switched network (the device is one more port of its switch), not type='p2p'");
    }

    @Test
    void staticArpOnATappedNetworkIsAnError() {
        assertThat(errors("tap='elvis0' arp='static'")).containsExactly(
                "2:38: a tapped network resolves by ARP (the Linux side is in no directory of ours): drop arp='static' or write arp='dynamic'");
    }

    @Test
    void hostSideKeysNeedTap() {
        assertThat(errors("tap_netns='h1' tap_address='10.0.0.100/24'")).containsExactly(
                "2:21: 'tap_netns' sets up the host's side of a TAP device: it needs tap='NAME' on network 'lan'",
                "2:36: 'tap_address' sets up the host's side of a TAP device: it needs tap='NAME' on network 'lan'");
    }

    @Test
    void aGatewayNeedsANamespaceAndAnAddressOnItsSubnet() {
        assertThat(errors("tap='e0' tap_address='10.0.0.100/24' tap_gateway='10.0.0.1'")).containsExactly(
                "2:58: tap_gateway sets a default route: it needs tap_netns (elvis never changes the host's own default route)");
        assertThat(errors("tap='e0' tap_netns='h1' tap_gateway='10.0.0.1'")).containsExactly(
                "2:45: tap_gateway needs tap_address: the gateway must be on the device's subnet");
        assertThat(errors("tap='e0' tap_netns='h1' tap_address='10.0.0.100/24' tap_gateway='10.0.1.1'")).containsExactly(
                "2:85: tap_gateway 10.0.1.1 is not another address on tap_address's subnet 10.0.0.0/24");
        assertThat(errors("tap='e0' tap_netns='h1' tap_address='10.0.0.100/24' tap_gateway='10.0.0.100'")).containsExactly(
                "2:85: tap_gateway 10.0.0.100 is not another address on tap_address's subnet 10.0.0.0/24");
        assertThat(errors("tap='e0' tap_netns='h1' tap_address='10.0.0.100/24' tap_gateway='router'")).containsExactly(
                "2:85: tap_gateway takes an IPv4 address, not 'router'");
    }

    @Test
    void badAddressesAndNamespaces() {
        assertThat(errors("tap='e0' tap_address='10.0.0.100'")).containsExactly(
                "2:42: tap_address takes an address and prefix length 1..30, e.g. '10.0.0.100/24', not '10.0.0.100'");
        assertThat(errors("tap='e0' tap_address='10.0.0.100/31'")).containsExactly(
                "2:42: tap_address takes an address and prefix length 1..30, e.g. '10.0.0.100/24', not '10.0.0.100/31'");
        assertThat(errors("tap='e0' tap_address='10.0.0.255/24'")).containsExactly(
                "2:42: tap_address 10.0.0.255/24 is the broadcast address, not a host's");
        assertThat(errors("tap='e0' tap_netns='../etc'")).containsExactly(
                "2:40: '../etc' is not a namespace name we create: letters, digits, '.', '_', '-', at most 64, not starting with '.' or '-'");
    }

    @Test
    void theLinuxAddressIsInTheSubnetAndNoSimulatedMachines() {
        // hosts-1 … hosts-3 take the free addresses from 10.0.0.2 on.
        assertThat(errors("tap='e0' tap_address='10.0.0.3/24'")).containsExactly(
                "2:42: tap_address 10.0.0.3 is the address of simulated machine 'hosts-2' on network 'lan': give the Linux side an address no machine has (or pin the machines' with ip=)");
        assertThat(errors("tap='e0' tap_address='10.0.0.1/24'")).containsExactly(
                "2:42: tap_address 10.0.0.1 is the address of simulated machine 'gw' on network 'lan': give the Linux side an address no machine has (or pin the machines' with ip=)");
        assertThat(errors("tap='e0' tap_address='10.0.9.1/24'")).containsExactly(
                "2:42: tap_address 10.0.9.1 is outside the subnet 10.0.0.0/24 of network 'lan'");
        assertThat(model("tap='e0' tap_address='10.0.0.5/24'").networks().getFirst().tap().address().toString()).isEqualTo("10.0.0.5/24");
    }

    @Test
    void aGatewayNoMachineHasIsAWarning() {
        NdlResult r = parse(with("tap='e0' tap_netns='h1' tap_address='10.0.0.100/24' tap_gateway='10.0.0.200'"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.message()).isEqualTo(
                "tap_gateway 10.0.0.200 is no simulated machine's address on network 'lan': the namespace's default route leads nowhere"));
    }

    @Test
    void oneNetworkPerDeviceAndOneDefaultRoutePerNamespace() {
        String two = """
                [Networks]
                  [Network id='a' tap='e0' tap_netns='h1' tap_address='10.0.0.100/24' tap_gateway='10.0.0.1']
                    [IP subnet='10.0.0.0/24']
                  [Network id='b' tap='e0' tap_netns='h1' tap_address='10.0.1.100/24' tap_gateway='10.0.1.1']
                    [IP subnet='10.0.1.0/24']
                [Machines]
                  [Machine name='r' router='true']
                    [Networks]
                      [Network id='a' ip='10.0.0.1']
                      [Network id='b' ip='10.0.1.1']
                    [Applications]
                """;
        assertThat(parse(two).errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message())).containsExactly(
                "4:23: TAP device 'e0' already bridges network 'a' (line 2): one network per device",
                "4:71: namespace 'h1' already has its default route from network 'a' (line 2)");
        // Two devices in one namespace, one of them with the default route: a multi-homed host.
        NdlResult ok = parse(two.replace("tap='e0' tap_netns='h1' tap_address='10.0.1.100/24' tap_gateway='10.0.1.1'",
                "tap='e1' tap_netns='h1' tap_address='10.0.1.100/24'"));
        assertThat(ok.errors()).as(ok.render()).isEmpty();
    }

    @Test
    void theBuilderRefusesATappedFileOnTheVirtualClockAtTheTap() {
        NdlSimulation m = model("tap='elvis0'");
        try {
            SimulationBuilder.build(m, ApplicationRegistry.load());
            throw new AssertionError("built");
        } catch (SimulationBuilder.BuildException e) {
            assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                assertThat(d.pos().line() + ":" + d.pos().col()).isEqualTo("2:21");
                assertThat(d.message()).isEqualTo("network 'lan' is bridged to TAP device 'elvis0', which needs the wall clock: "
                        + "run it with 'elvis emulate FILE' (sets up the host's side) or 'elvis run --realtime FILE'");
            });
        }
    }

    @Test
    void onTheRealTimeClockTheBuilderListsTheTappedNetworks() throws Exception {
        SimulationBuilder.Built b = SimulationBuilder.build(model("tap='elvis0' tap_netns='h1'"), ApplicationRegistry.load(), () -> false,
                SimulationBuilder.Clock.REALTIME);
        assertThat(b.simulation().kernel()).isInstanceOf(elvis.sim.RealtimeSimulator.class);
        assertThat(b.tapped()).singleElement().satisfies(t -> {
            assertThat(t.network()).isSameAs(b.networks().getFirst());
            assertThat(t.tap().device()).isEqualTo("elvis0");
        });
        SimulationBuilder.Built plain = SimulationBuilder.build(model("latency='1ms'"), ApplicationRegistry.load());
        assertThat(plain.simulation().kernel()).isNotInstanceOf(elvis.sim.RealtimeSimulator.class);
        assertThat(plain.tapped()).isEmpty();
    }
}
