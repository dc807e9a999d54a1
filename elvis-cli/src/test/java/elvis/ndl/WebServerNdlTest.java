package elvis.ndl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** http_server and web_server in the description language: mistakes located at the argument at fault. */
class WebServerNdlTest {
    private static String file(String application) {
        return """
                [Networks]
                  [Network id='lan']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='server']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                """ + "      " + application + "\n";
    }

    private static List<String> errors(String application) {
        return NdlTestSupport.parse(file(application)).diagnostics().stream().filter(Diagnostic::isError)
                .map(d -> d.pos().line() + ":" + d.pos().col() + " " + d.message()).toList();
    }

    @Test
    void validServersHaveNoErrors() {
        assertThat(errors("[Application name='http_server' corpus='rusty' keepalive='false' port='8080']")).isEmpty();
        assertThat(errors("[Application name='http_server' sizes='lognormal(11, 1)' documents='20' seed='3']")).isEmpty();
        assertThat(errors("[Application name='web_server' compat='true' seed='13' pages='100']")).isEmpty();
        assertThat(errors("[Application name='web_server']")).isEmpty();
    }

    @Test
    void anIpArgumentPinsTheServersAddress() throws Exception {
        for (String app : new String[] {"http_server' corpus='rusty", "web_server"}) {
            NdlResult r = NdlTestSupport.parse(file("[Application name='" + app + "' ip='10.0.0.80']"));
            assertThat(r.diagnostics().stream().filter(Diagnostic::isError).toList()).isEmpty();
            SimulationBuilder.Built b = SimulationBuilder.build(r.simulation().orElseThrow(), elvis.app.ApplicationRegistry.load());
            assertThat(b.simulation().resolve("server")).isEqualTo(elvis.protocol.ipv4.Ipv4Address.parse("10.0.0.80"));
        }
        located("[Application name='web_server' ip='10.0.0.300']", "ip");
    }

    /** "line:column " of the value of {@code key} in the application line (line 9 of {@link #file}). */
    private static String at(String application, String key) {
        return "9:" + (6 + application.indexOf(key + "=") + key.length() + 2) + " ";
    }

    private static void located(String application, String key, String... says) {
        List<String> e = errors(application);
        assertThat(e).hasSize(1);
        assertThat(e.getFirst()).startsWith(at(application, key));
        for (String s : says) assertThat(e.getFirst()).contains(s);
    }

    @Test
    void mistakesPointAtTheirArgument() {
        located("[Application name='http_server' sizes='exp(3 parsecs)']", "sizes", "bad distribution 'sizes' at character 5");
        located("[Application name='http_server' sizes='empirical(none.csv)']", "sizes", "none.csv");
        located("[Application name='http_server' dir='no/such/dir']", "dir", "cannot serve directory", "no/such/dir");
        located("[Application name='http_server' corpus='rusty' sizes='exp(1KB)']", "sizes", "one of 'dir', 'sizes', 'corpus', 'report' and 'template'");
        located("[Application name='http_server' corpus='alexa']", "corpus", "rusty");
        located("[Application name='http_server' corpus='rusty' documents='3']", "documents", "synthetic");
        located("[Application name='http_server' sizes='exp(1KB)' documents='0']", "documents");
        located("[Application name='http_server' corpus='rusty' port='0']", "port");
        assertThat(errors("[Application name='http_server']")).singleElement().asString().contains("dir", "sizes", "corpus");
        located("[Application name='web_server' site='nowhere']", "site", "nowhere");
        located("[Application name='web_server' pages='0']", "pages");
        located("[Application name='web_server' compat='yes please']", "compat");
        assertThat(NdlTestSupport.parse(file("[Application name='web_server' sizes='exp(1KB)']")).diagnostics())
                .anySatisfy(d -> assertThat(d.message()).contains("has no argument 'sizes'"));     // a warning, as for every application
    }
}
