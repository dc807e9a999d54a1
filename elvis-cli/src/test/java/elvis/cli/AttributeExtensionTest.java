package elvis.cli;

import elvis.app.ApplicationRegistry;
import elvis.config.Attribute;
import elvis.link.LinkConfig;
import elvis.ndl.Ndl;
import elvis.ndl.NdlDocs;
import elvis.ndl.NdlResult;
import elvis.ndl.NdlSchema;
import elvis.ndl.SimulationBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's acceptance for attributes: one declaration of a new link attribute, and the NDL checks
 * it (with an error at its place for a bad value), the generated docs list it and the results echo
 * it, all through the paths the command line uses.
 */
class AttributeExtensionTest {
    /** The one declaration. */
    static final Attribute<Long> BURST = Attribute.size("burst", 0, 1L << 20).byDefault(0L)
            .doc("bytes a token bucket lets through at line rate");
    static final NdlSchema SCHEMA = NdlSchema.standard(ApplicationRegistry.load()).withLink(LinkConfig.SCHEMA.plus(BURST));

    static String file(String burst) {
        return """
                [Networks]
                  [Network id='lan' bandwidth='10Mbps' latency='2ms' %s]
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='a']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='send_message' message='hi' to='b' port='9']
                  [Machine name='b']
                    [Networks]
                      [Network id='lan']
                    [Applications]
                      [Application name='capture' ip='10.0.0.2' port='9']
                """.formatted(burst);
    }

    static List<String> errors(NdlResult r) {
        return r.errors().stream().map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    @Test
    void theNdlAcceptsAndChecksIt() {
        NdlResult ok = Ndl.parse("t.ndl", file("burst='16KB'"), SCHEMA);
        assertThat(errors(ok)).isEmpty();
        assertThat(ok.simulation().orElseThrow().networks().getFirst().link().config().values().get(BURST)).isEqualTo(16384L);

        assertThat(errors(Ndl.parse("t.ndl", file("burst='lots'"), SCHEMA)))
                .containsExactly("2:60: invalid burst 'lots': expected a number with a unit such as '64KB'");
        assertThat(errors(Ndl.parse("t.ndl", file("burst='2MB'"), SCHEMA)))
                .containsExactly("2:60: burst must be at most 1MB, got '2MB'");
        assertThat(errors(Ndl.parse("t.ndl", file("brust='1KB'"), SCHEMA)))
                .containsExactly("2:54: unknown attribute 'brust' for [Network]; did you mean 'burst'?");
        // Without the declaration the key is unknown: the schema, nothing else, made it valid.
        assertThat(errors(Ndl.parse("t.ndl", file("burst='16KB'"), ApplicationRegistry.load())))
                .containsExactly("2:54: unknown attribute 'burst' for [Network]");
    }

    @Test
    void theGeneratedDocsListIt() {
        assertThat(NdlDocs.table("network", SCHEMA))
                .contains("| `burst` | `0` | size 0..1MB | bytes a token bucket lets through at line rate |");
        assertThat(NdlDocs.table("network", NdlSchema.standard(ApplicationRegistry.load()))).doesNotContain("| `burst` |");
    }

    @Test
    void theResultsEchoIt() throws Exception {
        NdlResult r = Ndl.parse("t.ndl", file("burst='16KB'"), SCHEMA);
        SimulationBuilder.Built built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        built.simulation().run();
        RunReport report = RunReport.of("t.ndl", built, 0, List.of(), false);
        @SuppressWarnings("unchecked")
        Map<String, Object> network = ((List<Map<String, Object>>) report.json().get("networks")).getFirst();
        assertThat((Map<String, Object>) network.get("link")).containsEntry("bandwidth", "10Mbps").containsEntry("latency", "2ms")
                .containsEntry("burst", "16KB");
        assertThat(report.goalsMet()).isTrue();
    }
}
