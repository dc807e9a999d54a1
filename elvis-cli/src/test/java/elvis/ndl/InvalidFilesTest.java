package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static elvis.ndl.NdlTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each invalid file must give exactly the listed errors, as "LINE:COL: message", in position order. */
class InvalidFilesTest {

    /** Lines 1-14; see the column notes in each test. */
    static final String BASE = """
            [Networks]
              [Network id='1']
                [IP subnet='10.0.0.0/24']
            [Machines]
              [Machine name='a']
                [Networks]
                  [Network id='1']
                [Applications]
                  [Application name='capture' ip='10.0.0.5' port='80' message_count='1']
              [Machine name='b']
                [Networks]
                  [Network id='1']
                [Applications]
                  [Application name='send_message' message='hi' to='a' port='80']
            """;
    static final String FIG2 = resource("fig2.ndl");

    private static List<String> errors(String text) {
        NdlResult r = parse(text);
        assertThat(r.ok()).as("a file with errors yields no model").isFalse();
        return r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    private static String edit(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    @Test
    void baseIsValid() {
        assertThat(parse(BASE).render()).isEmpty();
    }

    // ---- syntax ----

    @Test
    void indentationNotAMultipleOfTheUnit() {
        assertThat(errors(edit(BASE, "    [IP", "     [IP"))).containsExactly(
                "3:6: indentation of 5 spaces is not a multiple of 2 spaces (the unit set by line 2)");
    }

    @Test
    void tabsInASpaceIndentedFile() {
        assertThat(errors(edit(BASE, "    [IP", "\t\t[IP"))).containsExactly(
                "3:1: indentation uses tabs but this file is indented with 2 spaces (since line 2)");
    }

    @Test
    void tabsAndSpacesMixedInOneLine() {
        assertThat(errors(edit(BASE, "    [IP", "  \t[IP"))).containsExactly("3:3: indentation mixes tabs and spaces");
    }

    @Test
    void sectionIndentedTooDeeply() {
        assertThat(errors(edit(BASE, "    [IP", "      [IP"))).containsExactly(
                "3:7: section indented too deeply: expected at most 2 levels of indentation here");
    }

    @Test
    void unterminatedQuote() {
        // the broken section loses its ']' but nothing else is blamed on it
        assertThat(errors(edit(BASE, "message_count='1']", "message_count='1]"))).containsExactly(
                "9:73: unterminated quoted value: missing closing '");
    }

    @Test
    void unterminatedSectionBeforeAChild() {
        assertThat(errors(edit(BASE, "[Network id='1']\n    [IP", "[Network id='1'\n    [IP"))).containsExactly(
                "2:3: unterminated section [Network: missing ']'");
    }

    @Test
    void unterminatedSectionAtEndOfFile() {
        assertThat(errors(edit(BASE, "port='80']\n", "port='80'\n"))).containsExactly(
                "14:7: unterminated section [Application: missing ']'");
    }

    @Test
    void textThatIsNotASection() {
        assertThat(errors(edit(BASE, "[Machines]\n", "[Machines]\n  Machine name='z'\n"))).containsExactly(
                "5:3: expected '[' to start a section");
    }

    @Test
    void duplicateArgument() {
        assertThat(errors(edit(BASE, "[Machine name='b']", "[Machine name='b' name='c']"))).containsExactly(
                "10:21: duplicate argument 'name' (first given at line 10, column 12)");
    }

    @Test
    void doubleQuotesAreRejected() {
        assertThat(errors(edit(BASE, "[Machine name='b']", "[Machine name=\"b\"]"))).containsExactly(
                "10:17: values are quoted with single quotes ('), not double quotes");
    }

    @Test
    void missingEquals() {
        assertThat(errors(edit(BASE, "[Network id='1']\n    [IP", "[Network id '1']\n    [IP"))).containsExactly(
                "2:15: expected '=' after argument name 'id'");
    }

    // ---- sections and attributes ----

    @Test
    void unknownSectionWithSuggestion() {
        assertThat(errors("[Simulaton seed='1']\n" + BASE)).containsExactly(
                "1:2: unknown section [Simulaton]; did you mean [Simulation]?");
    }

    @Test
    void misspelledNetworksInAMachineAlsoLeavesItWithoutNetworks() {
        assertThat(errors(edit(BASE, "  [Networks]\n      [Network id='1']\n    [Applications]\n      [Application name='capture'",
                "  [Netwroks]\n      [Network id='1']\n    [Applications]\n      [Application name='capture'"))).containsExactly(
                "5:4: machine 'a' has no [Networks] section",
                "6:6: unknown section [Netwroks]; did you mean [Networks]?",
                "9:38: address '10.0.0.5' is not on any network of machine 'a'");
    }

    @Test
    void sectionInTheWrongPlace() {
        assertThat(errors(edit(BASE, "  [Machine name='b']\n", "  [Machine name='b']\n    [IP ip='10.0.0.9']\n"))).containsExactly(
                "11:6: [IP] is not allowed in [Machine]; expected one of [Networks], [Protocols], [Applications], [Routes], [Ipfw]");
    }

    @Test
    void unknownAttributeWithSuggestion() {
        assertThat(errors(edit(BASE, "[Network id='1']\n    [IP", "[Network id='1' bandwith='1Mbps']\n    [IP"))).containsExactly(
                "2:19: unknown attribute 'bandwith' for [Network]; did you mean 'bandwidth'?");
    }

    @Test
    void machineWithoutName() {
        assertThat(errors(edit(BASE, "[Machine name='b']", "[Machine count='2']"))).containsExactly(
                "10:4: [Machine] needs a 'name' argument");
    }

    @Test
    void unknownProtocolWithSuggestion() {
        assertThat(errors(edit(BASE, "    [Applications]\n      [Application name='send",
                "    [Protocols]\n      [Protocol name='UPD']\n    [Applications]\n      [Application name='send"))).containsExactly(
                "14:22: unknown protocol 'UPD'; did you mean 'UDP'?");
    }

    @Test
    void unknownApplicationWithSuggestion() {
        assertThat(errors(edit(BASE, "name='capture'", "name='captur'"))).containsExactly(
                "9:25: unknown application 'captur'; did you mean 'capture'?");
    }

    @Test
    void missingRequiredApplicationArguments() {
        assertThat(errors(edit(BASE, " port='80' message_count='1'", ""))).containsExactly(
                "9:8: application 'capture' needs argument 'port'");   // message_count defaults to 1
    }

    @Test
    void badChoice() {
        assertThat(errors(edit(BASE, "message_count='1']", "message_count='1' transport='tpc']"))).containsExactly(
                "9:87: transport must be 'udp' or 'tcp', got 'tpc'; did you mean 'tcp'?");
    }

    @Test
    void missingApplicationsSection() {
        assertThat(errors(edit(BASE, "    [Applications]\n      [Application name='send_message' message='hi' to='a' port='80']\n", "")))
                .containsExactly("10:4: machine 'b' has no [Applications] section");
    }

    @Test
    void missingNetworksSection() {
        assertThat(errors(edit(BASE, "  [Machine name='a']\n    [Networks]\n      [Network id='1']\n", "  [Machine name='a']\n")))
                .containsExactly(
                        "5:4: machine 'a' has no [Networks] section",
                        "7:38: address '10.0.0.5' is not on any network of machine 'a'");
    }

    @Test
    void missingTopLevelSections() {
        assertThat(errors("# nothing here\n")).containsExactly(
                "1:1: missing required section [Networks]", "1:1: missing required section [Machines]");
    }

    @Test
    void duplicateMachineName() {
        assertThat(errors(edit(BASE, "[Machine name='b']", "[Machine name='a']"))).containsExactly(
                "10:17: duplicate machine name 'a' (first at line 5)");
    }

    // ---- networks and addresses ----

    @Test
    void duplicateNetworkId() {
        assertThat(errors(edit(BASE, "[Machines]", "  [Network id='1']\n    [IP ip='10.0.9.1']\n[Machines]"))).containsExactly(
                "4:15: duplicate network id '1' (first defined at line 2)");
    }

    @Test
    void unknownNetworkId() {
        assertThat(errors(edit(BASE, "      [Network id='1']\n    [Applications]\n      [Application name='send",
                "      [Network id='2']\n    [Applications]\n      [Application name='send"))).containsExactly(
                "12:19: unknown network id '2'; did you mean '1'?");
    }

    @Test
    void twoMachinesClaimTheSameAddress() {
        assertThat(errors(edit(BASE, "      [Network id='1']\n    [Applications]\n      [Application name='send",
                "      [Network id='1' ip='10.0.0.5']\n    [Applications]\n      [Application name='send"))).containsExactly(
                "12:26: address '10.0.0.5' is already taken by machine 'a' (line 9)");
    }

    @Test
    void addressListedTwiceInAPool() {
        String text = """
                [Networks]
                  [Network id='1']
                    [IP ip='10.0.0.7']
                    [IP range='10.0.0.5-9']
                [Machines]
                """;
        assertThat(errors(text)).containsExactly("4:15: addresses of this entry are already listed in network '1' at line 3");
    }

    @Test
    void pinnedAddressOutsideTheNetwork() {
        assertThat(errors(edit(BASE, "      [Network id='1']\n    [Applications]\n      [Application name='send",
                "      [Network id='1' ip='10.0.1.5']\n    [Applications]\n      [Application name='send"))).containsExactly(
                "12:26: address '10.0.1.5' is outside network '1'");
    }

    @Test
    void applicationAddressOutsideTheMachinesNetworks() {
        assertThat(errors(edit(BASE, "ip='10.0.0.5'", "ip='10.9.9.9'"))).containsExactly(
                "9:38: address '10.9.9.9' is not on any network of machine 'a'");
    }

    @Test
    void oneMachineWithTwoAddressesOnANetwork() {
        assertThat(errors(edit(BASE, "      [Network id='1']\n    [Applications]\n      [Application name='capture'",
                "      [Network id='1' ip='10.0.0.6']\n    [Applications]\n      [Application name='capture'"))).containsExactly(
                "9:38: machine 'a' already has address '10.0.0.6' on network '1' (line 7); it cannot also use '10.0.0.5'");
    }

    @Test
    void invalidAddressAndSubnet() {
        assertThat(errors(edit(BASE, "[IP subnet='10.0.0.0/24']", "[IP subnet='10.0.0.1/24']\n    [IP ip='10.0.0.256']")))
                .containsExactly(
                        "3:16: subnet '10.0.0.1/24' has host bits set; did you mean '10.0.0.0/24'?",
                        "4:12: invalid IPv4 address '10.0.0.256' in 'ip'");
    }

    @Test
    void exhaustedAddressPool() {
        String text = edit(edit(BASE, "10.0.0.0/24", "10.0.0.0/29"), "[Machine name='b']", "[Machine name='b' count='10']");
        // a /29 has 6 hosts; 'a' claims one, so 5 are left for b's 10
        assertThat(errors(text)).containsExactly("12:8: network '1' has no address left for machine 'b' (needs 5 more)");
    }

    @Test
    void countedMachinesCannotShareAClaimedAddress() {
        assertThat(errors(edit(edit(BASE, "[Machine name='a']", "[Machine name='a' count='2']"), "to='a'", "to='a-1'")))
                .containsExactly("9:38: machine 'a' has count 2, so its machines cannot all use the single address '10.0.0.5'");
    }

    @Test
    void pointToPointWithThreeMachines() {
        String text = edit(edit(BASE, "[Network id='1']\n    [IP", "[Network id='1' type='p2p']\n    [IP"),
                "[Machine name='b']", "[Machine name='b' count='2']");
        assertThat(errors(text)).containsExactly("2:24: point-to-point network '1' needs exactly 2 machines, but 3 are attached");
    }

    @Test
    void routeViaAnUnreachableGateway() {
        assertThat(errors(edit(BASE, "port='80']\n", "port='80']\n    [Routes]\n      [Route to='default' via='10.0.1.1']\n"
                + "      [Route to='10.0.2.0/24' via='10.0.0.5']\n      [Route to='somewhere' via='10.0.0.5']\n"))).containsExactly(
                "16:31: gateway '10.0.1.1' is not on any network of machine 'b'",
                "17:35: gateway '10.0.0.5' is machine 'a', which does not forward packets; add router='true' to [Machine name='a']",
                "18:17: invalid route destination 'somewhere': expected 'default', an address or a subnet such as '10.0.2.0/24'");
    }

    // ---- values ----

    @Test
    void portsOutOfRangeAndBadHex() {
        String text = edit(edit(BASE, "port='80' message", "port='70000' message"), "port='80']", "port='0x1FFFF']");
        assertThat(errors(text)).containsExactly(
                "9:54: port must be between 0 and 65535, got '70000'",
                "14:65: port must be between 0 and 65535, got '0x1FFFF'");
        assertThat(errors(edit(BASE, "port='80']", "port='0xZZ']"))).containsExactly("14:65: invalid hexadecimal port '0xZZ'");
    }

    @Test
    void destinationNamingNoMachine() {
        assertThat(errors(edit(FIG2, "to='capturer'", "to='captuer'"))).containsExactly(
                "13:12: unknown machine 'captuer' in 'to'; did you mean 'capturer'?");
        assertThat(errors(edit(edit(BASE, "[Machine name='b']", "[Machine name='b' count='3']"), "to='a'", "to='b-4'")))
                .containsExactly("14:56: machine 'b' has no instance 4 (instances are b-1 … b-3)");
    }

    @Test
    void absurdCounts() {
        for (String count : List.of("0", "-1", "99999999999")) {
            assertThat(errors(edit(BASE, "[Machine name='b']", "[Machine name='b' count='" + count + "']"))).containsExactly(
                    "10:27: count must be between 1 and 10,000,000, got '" + count + "'");
        }
        assertThat(errors(edit(BASE, "[Machine name='b']", "[Machine name='b' count=many]"))).containsExactly(
                "10:27: count must be a whole number, got 'many'");
    }

    @Test
    void absurdBandwidths() {
        String net = "[Network id='1']\n    [IP";
        assertThat(errors(edit(BASE, net, "[Network id='1' bandwidth='100Tbps']\n    [IP"))).containsExactly(
                "2:29: bandwidth must be at most 10Tbps, got '100Tbps'");
        assertThat(errors(edit(BASE, net, "[Network id='1' bandwidth='-5Mbps']\n    [IP"))).containsExactly(
                "2:29: bandwidth must not be negative, got '-5Mbps'");
        assertThat(errors(edit(BASE, net, "[Network id='1' bandwidth='fast']\n    [IP"))).containsExactly(
                "2:29: invalid bandwidth 'fast': expected a number with a unit such as '10Mbps'");
    }

    @Test
    void badLatencyUnits() {
        String net = "[Network id='1']\n    [IP";
        assertThat(errors(edit(BASE, net, "[Network id='1' latency='20pc' jitter='5']\n    [IP"))).containsExactly(
                "2:27: unknown unit 'pc' in latency '20pc'; use ns, us, ms, s, min or h",
                "2:41: jitter '5' needs a unit: ns, us, ms, s, min or h");
    }

    @Test
    void lossAndMtuOutOfRange() {
        assertThat(errors(edit(BASE, "[Network id='1']\n    [IP", "[Network id='1' loss='150%' corruption='5' mtu='20']\n    [IP")))
                .containsExactly(
                        "2:24: loss must be between 0% and 100%, got '150%'",
                        "2:42: corruption must be between 0% and 100%, got '5'; write '5%' for a percentage",
                        "2:50: mtu must be between 68 and 65,535, got '20'");
    }

    @Test
    void badSeedAndUntil() {
        assertThat(errors("[Simulation seed='abc' until='0']\n" + BASE)).containsExactly(
                "1:18: seed must be a 64-bit whole number (decimal or 0x hexadecimal), got 'abc'",
                "1:30: until must be greater than 0");
        assertThat(errors("[Simulation seed='99999999999999999999']\n" + BASE)).containsExactly(
                "1:18: seed must be a 64-bit whole number (decimal or 0x hexadecimal), got '99999999999999999999'");
    }

    @Test
    void errorsAcrossSyntaxAndMeaningAreAllReported() {
        String text = edit(edit(edit(BASE, "    [IP", "\t\t[IP"), "name='capture'", "name='captur'"), "to='a'", "to='c'");
        assertThat(errors(text)).containsExactly(
                "3:1: indentation uses tabs but this file is indented with 2 spaces (since line 2)",
                "9:25: unknown application 'captur'; did you mean 'capture'?",
                "14:56: unknown machine 'c' in 'to'; did you mean 'a'?");
    }
}
