package elvis.ndl;

import static elvis.ndl.NdlTestSupport.parse;
import static elvis.ndl.NdlTestSupport.reindent;
import static elvis.ndl.NdlTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticsRenderTest {

    @Test
    void caretUnderAValueInASpaceIndentedLine() {
        String text = resource("fig2.ndl").replace("name='capture'", "name='captur'");
        assertThat(parse(text).render()).isEqualTo("""
                test.ndl:21:25: error: unknown application 'captur'; did you mean 'capture'?
                          [Application name='captur' message='Hello!'
                                            ^
                """);
    }

    @Test
    void caretEchoesTabsOfATabIndentedLine() {
        String text = reindent(resource("fig2.ndl"), "\t").replace("port='0xbeef' message_count", "port='0x1beef' message_count");
        assertThat(parse(text).render()).isEqualTo(
                "test.ndl:22:28: error: port must be between 0 and 65535, got '0x1beef'\n"
                        + "    \t\t\t\tip='123.45.67.89' port='0x1beef' message_count='1']\n"
                        + "    \t\t\t\t" + " ".repeat(23) + "^\n");
    }

    @Test
    void warningsAndErrorsAreRenderedInPositionOrder() {
        String text = resource("fig2.ndl").replace("to='capturer' port='0xbeef'", "to='nobody' port='0xbeef' cuont=2");
        List<String> headers = parse(text).render().lines().filter(l -> l.startsWith("test.ndl")).toList();
        assertThat(headers).containsExactly(
                "test.ndl:13:12: error: unknown machine 'nobody' in 'to'",
                "test.ndl:13:35: warning: application 'send_message' has no argument 'cuont'; did you mean 'count'?");
    }

    @Test
    void positionBeyondTheLineStillGetsACaret() {
        SourceText source = new SourceText("f", List.of("ab"));
        Diagnostic d = new Diagnostic(Diagnostic.Severity.ERROR, new Pos("f", 1, 4), "m");
        assertThat(Diagnostics.render(d, source)).isEqualTo("f:1:4: error: m\n    ab\n       ^\n");
        Diagnostic outside = new Diagnostic(Diagnostic.Severity.ERROR, new Pos("f", 9, 1), "m");
        assertThat(Diagnostics.render(outside, source)).isEqualTo("f:9:1: error: m\n");
    }
}
