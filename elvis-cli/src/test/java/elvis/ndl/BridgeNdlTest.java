package elvis.ndl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** [Machine bridge='true']: a transparent bridge joining two networks or more, without loops. */
class BridgeNdlTest {
    static final String NETWORKS = """
            [Networks]
              [Network id='a']
                [IP subnet='10.0.1.0/24']
              [Network id='b']
                [IP subnet='10.0.2.0/24']
              [Network id='c']
                [IP subnet='10.0.3.0/24']
            [Machines]
            """;

    @Test
    void aBridgeJoiningTwoNetworksIsValid() {
        NdlResult r = NdlTestSupport.parse(NETWORKS + """
                  [Machine name='br' bridge='true']
                    [Networks]
                      [Network id='a']
                      [Network id='b']
                    [Applications]
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.simulation().orElseThrow().machines().getFirst().bridge()).isTrue();
    }

    @Test
    void twoBridgesBetweenTheSameNetworksFormALoop() {
        NdlResult r = NdlTestSupport.parse(NETWORKS + """
                  [Machine name='br1' bridge='true']
                    [Networks]
                      [Network id='a']
                      [Network id='b']
                    [Applications]
                  [Machine name='br2' bridge='true']
                    [Networks]
                      [Network id='b']
                      [Network id='c']
                    [Applications]
                  [Machine name='br3' bridge='true']
                    [Networks]
                      [Network id='c']
                      [Network id='a']
                    [Applications]
                """);
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().getFirst().message()).contains("bridges form a loop through network 'a'");
        assertThat(r.errors().getFirst().pos().line()).isEqualTo(22);
    }

    @Test
    void aBridgeHasOneMachineTwoNetworksNoAddressesAndNoIpStack() {
        NdlResult r = NdlTestSupport.parse(NETWORKS + """
                  [Machine name='br' bridge='true' count='2' router='true']
                    [Networks]
                      [Network id='a' ip='10.0.1.9']
                    [Routes]
                      [Route destination='default' via='10.0.1.1']
                    [Applications]
                      [Application name='ping' to='10.0.1.1' count='1']
                """);
        assertThat(r.errors()).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m).contains("a bridge is one machine"))
                .anySatisfy(m -> assertThat(m).contains("both a bridge and a router"))
                .anySatisfy(m -> assertThat(m).contains("takes no [Routes]"))
                .anySatisfy(m -> assertThat(m).contains("runs no applications"))
                .anySatisfy(m -> assertThat(m).contains("needs two networks or more"));
    }
}
