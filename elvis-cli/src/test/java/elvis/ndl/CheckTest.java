package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code check} finds everything {@code run} rejects (the checker makes each application once, as a
 * run does), and what the file says is what the machines have: parameters, destinations, routes.
 */
class CheckTest {

    static final String BASE = InvalidFilesTest.BASE;

    private static List<String> errors(String text) {
        return parse(text).errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    private static List<String> warnings(String text) {
        return parse(text).diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING)
                .map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    private static String edit(String from, String to) {
        assertThat(BASE).contains(from);
        return BASE.replace(from, to);
    }

    @Test
    void baseIsClean() {
        assertThat(parse(BASE).render()).isEmpty();
    }

    @Test
    void intervalOverTcp() {
        assertThat(errors(edit("port='80']\n", "port='80' transport='tcp' interval='1ms']\n"))).containsExactly(
                "14:95: application 'send_message': 'interval' applies to UDP only: over TCP the messages form one stream");
    }

    @Test
    void aCountBeyondTheLimit() {
        assertThat(errors(edit("to='a' port='80'", "to='a' port='80' count='99999999999'")))
                .singleElement().asString().startsWith("14:76: application 'send_message': count must be");
    }

    @Test
    void aUdpMessageLargerThanADatagram() {
        assertThat(errors(edit("message='hi'", "message='" + "x".repeat(65508) + "'")))
                .containsExactly("14:48: application 'send_message': a UDP message holds at most 65507 bytes");
    }

    @Test
    void aTcpCaptureWithoutMessageOrSize() {
        assertThat(errors(edit("message_count='1']", "message_count='1' transport='tcp']"))).containsExactly(
                "9:8: application 'capture': over TCP, capture needs 'message' or 'size' to know where messages end");
    }

    @Test
    void captureCountsOneByDefaultAndKnowsItsTypes() {
        assertThat(errors(edit(" message_count='1'", ""))).isEmpty();
        assertThat(errors(edit("message_count='1'", "type='kind'"))).singleElement().asString()
                .isEqualTo("9:64: type must be 'count' or 'message', got 'kind'");
        assertThat(errors(edit("message_count='1'", "type='message'"))).containsExactly(
                "9:64: application 'capture': type='message' counts datagrams equal to 'message', which is missing");
        assertThat(parse(edit("message_count='1'", "factory='x'")).render()).isEmpty();
    }

    @Test
    void theOriginalsFirstCopyIsNamedWithAHint() {
        String text = edit("[Machine name='a']", "[Machine name='a' count='2']").replace("[Application name='capture' ip='10.0.0.5' port='80' message_count='1']", "[Application name='send_message' message='x' to='b' port='80']")
                .replace("to='a'", "to='a-0'");
        assertThat(errors(text)).containsExactly("14:56: machine 'a' has no instance 0 (instances are a-1 … a-2); did you mean 'a-1'?"
                + " (the original Elvis numbered copies from 0, Elvis from 1)");
    }

    @Test
    void aGroupNamedByALoneMachineIsAnError() {
        String text = edit("[Machine name='a']", "[Machine name='a' count='3']").replace("[Application name='capture' ip='10.0.0.5' port='80' message_count='1']", "[Application name='send_message' message='x' to='b' port='80']");
        assertThat(errors(text)).containsExactly("14:56: 'a' is 3 machines (a-1 … a-3) but 'b' is one machine, so some of them"
                + " would never be reached: name one instance, e.g. 'a-1', or give 'b' count='3' to pair them");
        assertThat(errors(text.replace("[Machine name='b']", "[Machine name='b' count='3']"))).isEmpty();
    }

    @Test
    void unknownParametersAreReported() {
        assertThat(errors(BASE.replace("    [Applications]\n      [Application name='send_message'",
                "    [Protocols]\n      [Protocol name='UDP' cc='cubic']\n    [Applications]\n      [Application name='send_message'")))
                .containsExactly("14:28: protocol 'UDP' takes no parameters, so not 'cc' (it is a TCP parameter)");
        assertThat(warnings(edit("port='80']\n", "port='80' colour='red']\n"))).singleElement().asString()
                .startsWith("14:70: application 'send_message' has no argument 'colour'; it is ignored (arguments: message, size, to,");
        String icmp = BASE.replace("    [Applications]\n      [Application name='send_message'",
                "    [Protocols]\n      [Protocol name='ICMP'%s]\n    [Applications]\n      [Application name='send_message'");
        assertThat(warnings(icmp.formatted(""))).isEmpty();
        assertThat(errors(icmp.formatted(" echo_reply='false' rate='10' burst='2'"))).isEmpty();
        assertThat(errors(icmp.formatted(" echo_replies='false'"))).singleElement().asString()
                .startsWith("14:29: protocol 'ICMP' has no parameter 'echo_replies'").contains("echo_reply");
        assertThat(errors(icmp.formatted(" burst='0'"))).singleElement().asString().startsWith("14:");
    }

    @Test
    void everyBadTcpParameterIsReported() {
        String text = BASE.replace("    [Applications]\n      [Application name='send_message'",
                "    [Protocols]\n      [Protocol name='TCP' cc='bbr' iw='0' mss='10']\n    [Applications]\n      [Application name='send_message'");
        assertThat(errors(text)).hasSize(3).anySatisfy(e -> assertThat(e).startsWith("14:31:"))
                .anySatisfy(e -> assertThat(e).startsWith("14:40:")).anySatisfy(e -> assertThat(e).startsWith("14:48:"));
    }

    private static String routed(String router, String via) {
        return """
                [Networks]
                  [Network id='1']
                    [IP subnet='10.0.1.0/24']
                  [Network id='2']
                    [IP subnet='10.0.2.0/24']
                [Machines]
                  [Machine name='r'%s]
                    [Networks]
                      [Network id='1']
                      [Network id='2']
                    [Applications]
                      [Application name='capture' ip='10.0.1.1' port='9' message_count='0']
                  [Machine name='h']
                    [Networks]
                      [Network id='1']
                    [Routes]
                      [Route to='default' via='%s']
                    [Applications]
                      [Application name='capture' ip='10.0.1.2' port='9' message_count='0']
                """.formatted(router, via);
    }

    @Test
    void routesMustLeadToAnotherMachineThatForwards() {
        assertThat(errors(routed(" router='true'", "10.0.1.1"))).isEmpty();
        assertThat(errors(routed("", "10.0.1.1"))).containsExactly("17:31: gateway '10.0.1.1' is machine 'r', which does not"
                + " forward packets; add router='true' to [Machine name='r']");
        assertThat(errors(routed(" router='true'", "10.0.1.2"))).containsExactly(
                "17:31: gateway '10.0.1.2' is machine 'h' itself: a route must lead to another machine");
        assertThat(errors(routed(" router='true'", "10.0.1.77"))).containsExactly(
                "17:31: gateway '10.0.1.77' is the address of no machine on network '1'");
    }
}
