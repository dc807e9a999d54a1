package elvis.ndl;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.app.CountDatagrams;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dhcp.DhcpClient;
import elvis.protocol.dhcp.DhcpServer;
import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** NDL's DHCP: dhcp='true' on a network entry, dhcp_server and dhcp_relay, the original names, and the errors naming their place. */
class DhcpNdlTest {
    static final long S = 1_000_000_000L;

    /** The original Elvis's DHCP test, fixed: two clients get distinct addresses from the server and each sends a datagram. */
    static final String ORIGINAL = """
            [Simulation until='10s']
            [Networks]
              [Network id='lan']
                [IP subnet='10.0.0.0/24']
            [Machines]
              [Machine name='server']
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='dhcp_server' ip='10.0.0.1' ip_range='10.0.0.10-20']
              [Machine name='sink']
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='capture' ip='10.0.0.2' port='7' message_count='2' message='Hi']
              [Machine name='client' count='2']
                [Networks]
                  [Network id='lan']
                [Applications]
                  [Application name='dhcp_client' server_ip='10.0.0.1']
                  [Application name='send_message' to='sink' port='7' message='Hi']
            """;

    static final String CLIENT_LAN = "[Network id='lan']", ALIAS = "[Application name='dhcp_client' server_ip='10.0.0.1']";

    private static SimulationBuilder.Built build(String text) throws Exception {
        NdlResult r = parse(text);
        assertThat(r.errors()).as(r.render()).isEmpty();
        return SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
    }

    private static List<DhcpClient> clients(Simulation sim) {
        List<DhcpClient> all = new ArrayList<>();
        for (Machine m : sim.machines()) for (Application a : m.applications()) if (a instanceof DhcpClient c) all.add(c);
        return all;
    }

    @Test
    void theOriginalNamesGiveTwoClientsDistinctAddressesThatTheySendFrom() throws Exception {
        SimulationBuilder.Built b = build(ORIGINAL);
        Simulation sim = b.simulation();
        sim.runUntil(10 * S);
        List<DhcpClient> clients = clients(sim);
        assertThat(clients).hasSize(2);
        assertThat(clients.get(0).address()).isNotEqualTo(clients.get(1).address());
        for (DhcpClient c : clients) {
            assertThat(Integer.toUnsignedLong(c.address())).isBetween(Integer.toUnsignedLong(Ipv4Address.parse("10.0.0.10")),
                    Integer.toUnsignedLong(Ipv4Address.parse("10.0.0.20")));
        }
        CountDatagrams sink = (CountDatagrams) sim.find("sink").applications().getFirst();
        assertThat(sink.goalMet()).isTrue();
        assertThat(sim.goalsMet()).isTrue();
        DhcpServer server = (DhcpServer) sim.find("server").applications().getFirst();
        assertThat(server.acks()).isEqualTo(2);
    }

    @Test
    void applicationsOfADhcpMachineStartOnceItIsBound() throws Exception {
        SimulationBuilder.Built b = build(ORIGINAL.replace(CLIENT_LAN + "\n    [Applications]\n      " + ALIAS, "[Network id='lan' dhcp='true' latency='5ms']\n    [Applications]"));
        Simulation sim = b.simulation();
        sim.runUntil(10 * S);
        List<DhcpClient> clients = clients(sim);
        assertThat(clients).hasSize(2);
        CountDatagrams sink = (CountDatagrams) sim.find("sink").applications().getFirst();
        assertThat(sink.goalMet()).isTrue();
        // Bound once OFFER and ACK came down the 5 ms port to the client; the datagram left then, not at time 0.
        for (DhcpClient c : clients) assertThat(c.boundAtNs()).isEqualTo(10_000_000L);
        assertThat(sink.finishedAtNs()).isEqualTo(10_000_000L);
    }

    private static List<String> errors(String text) {
        NdlResult r = parse(text);
        return r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    @Test
    void errorsNameTheirPlace() {
        String clientLan = CLIENT_LAN + "\n    [Applications]\n      " + ALIAS;
        assertThat(errors(ORIGINAL.replace(clientLan, "[Network id='lan' dhcp='maybe']\n    [Applications]")))
                .singleElement().asString().startsWith("18:30: ").contains("dhcp");
        assertThat(errors(ORIGINAL.replace(clientLan, "[Network id='lan' dhcp='true' ip='10.0.0.9']\n    [Applications]")))
                .containsExactly("18:37: machine 'client' gets its address on network 'lan' from DHCP (dhcp='true'); it cannot also pin ip='10.0.0.9'");
        assertThat(errors(ORIGINAL.replace("[Application name='dhcp_client' server_ip='10.0.0.1']",
                ALIAS + "\n      [Application name='capture' ip='10.0.0.3' port='9']")))
                .containsExactly("21:38: machine 'client' gets its address on network 'lan' from DHCP (line 20); an application cannot claim '10.0.0.3' there");
        assertThat(errors(ORIGINAL.replace("ip_range='10.0.0.10-20'", "pool='10.0.0.30-10.0.0.20'")))
                .containsExactly("10:58: application 'dhcp_server': range '10.0.0.30-10.0.0.20' ends before it starts");
        assertThat(errors(ORIGINAL.replace("ip_range='10.0.0.10-20'", "pool='10.0.0.0/24, 10.0.0.128/25'")))
                .singleElement().asString().startsWith("10:58: application 'dhcp_server': DHCP pools").contains("share a subnet");
        assertThat(errors(ORIGINAL.replace("ip_range='10.0.0.10-20'", "pool='10.0.0.x'")))
                .singleElement().asString().startsWith("10:58: application 'dhcp_server': ");
        assertThat(errors(ORIGINAL.replace("ip_range='10.0.0.10-20'", "lease='1s'")))
                .containsExactly("10:8: application 'dhcp_server' needs one of 'pool' or 'ip_range'");
        assertThat(errors(ORIGINAL.replace("[Application name='dhcp_client' server_ip='10.0.0.1']", "[Application name='dhcp_relay' server='nobody']")))
                .singleElement().asString().startsWith("20:45: ").contains("nobody");
    }

    @Test
    void aMachineWhoseAddressesAllComeFromDhcpCannotBeNamed() {
        String named = ORIGINAL.replace("[Application name='capture' ip='10.0.0.2' port='7' message_count='2' message='Hi']",
                "[Application name='send_message' to='client-1' port='7' message='Hi']");
        assertThat(errors(named)).containsExactly("15:43: machine 'client' gets its addresses from DHCP, unknown while the file is read, "
                + "so 'to' cannot name it; give it a fixed address (ip='...') on a network");
    }

    @Test
    void withoutAnEndTimeItWarnsThatTheRunWouldNotEnd() {
        NdlResult r = parse(ORIGINAL.replace("[Simulation until='10s']\n", ""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().extracting(Diagnostic::message).asString().contains("until");
    }
}
