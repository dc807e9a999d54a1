package elvis.ndl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The [Ipfw] section of a machine: lines read as ipfw reads them, errors at their place in the NDL file. */
class IpfwNdlTest {
    static String file(String ipfwSection) {
        return """
                [Networks]
                  [Network id='lan']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='a']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='ping' to='b' count='1']
                """ + ipfwSection + """
                  [Machine name='b']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                """;
    }

    @Test
    void goodLinesGiveTheMachineItsRules() {
        NdlResult r = NdlTestSupport.parse(file("""
                    [Ipfw default='allow']
                      [Line ipfw='pipe 1 config bw 1 Mbit/s delay 10ms']
                      [Line ipfw='add 100 pipe 1 icmp from any to any out']
                """));
        assertThat(r.errors()).isEmpty();
        var spec = r.simulation().orElseThrow().machines().getFirst().ipfw();
        assertThat(spec.defaultAllow()).isTrue();
        assertThat(spec.lines()).hasSize(2);
    }

    @Test
    void aBadLineIsReportedAtItsOwnColumnInTheNdlFile() {
        NdlResult r = NdlTestSupport.parse(file("""
                    [Ipfw]
                      [Line ipfw='add 100 allow tcp from any to any dst-port 3000-2000']
                """));
        assertThat(r.errors()).hasSize(1);
        Diagnostic d = r.errors().getFirst();
        assertThat(d.message()).contains("port range 3000-2000 runs backwards");
        assertThat(d.pos().line()).isEqualTo(11);
        // the line text starts at column 19 (after "      [Line ipfw='"); the port list is its 44th character
        assertThat(d.pos().col()).isEqualTo(19 + 44 - 1);
        assertThat(r.render()).contains("test.ndl:11:62");
    }

    @Test
    void aBadPipeLineIsReportedByTheEnginesParserAtItsColumnInTheNdlFile() {
        NdlResult r = NdlTestSupport.parse(file("""
                    [Ipfw]
                      [Line ipfw='ipfw -q pipe 10 config bw 256 Kbit/s delay 20ms weight 0   # not a pipe parameter']
                """));
        assertThat(r.errors()).hasSize(1);
        Diagnostic d = r.errors().getFirst();
        assertThat(d.pos().line()).isEqualTo(11);
        assertThat(d.message()).contains("weight");
        assertThat(d.pos().col()).isEqualTo(19 + 56 - 1);      // at the weight's value, column 56 of the ipfw line
        assertThat(r.render()).doesNotContain("Exception");
    }

    @Test
    void aRuleNamingAPipeNoLineDeclaresIsAnError() {
        NdlResult r = NdlTestSupport.parse(file("""
                    [Ipfw]
                      [Line ipfw='add 100 pipe 7 ip from any to any']
                """));
        assertThat(r.errors()).extracting(Diagnostic::message)
                .containsExactly("rule 100 sends to pipe 7, which no line declares (add 'pipe 7 config ...')");
    }

    @Test
    void aBadDefaultAndAnUnknownKeyAreReported() {
        NdlResult r = NdlTestSupport.parse(file("""
                    [Ipfw default='maybe' rules='x']
                      [Line ipfw='add 100 allow ip from any to any']
                """));
        assertThat(r.errors()).extracting(Diagnostic::message).anyMatch(m -> m.contains("default must be 'allow' or 'deny'"));
        assertThat(r.errors()).hasSize(2);
    }
}
