package elvis.ndl;

import elvis.ndl.model.AsSpec;
import elvis.ndl.model.NdlSimulation;
import elvis.ndl.model.PeeringSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static elvis.ndl.NdlTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** The [AS] level and [Peerings]: blocks carved in file order, border routers, relationships, and errors at their place. */
class AsNdlTest {
    /** An AS whose router r has a LAN and a count network of three point-to-point tails to routers t-1..t-3. */
    static final String COUNT_TAILS = """
            [AS asn='65001' igp='ospf']
              [Networks]
                [Network id='core']
                  [IP subnet='10.1.0.0/24']
                [Network id='tails' type='p2p' count='3' latency='1ms']
                  [IP subnet='10.1.1.0/28']
              [Machines]
                [Machine name='r' router='true']
                  [Networks]
                    [Network id='core']
                    [Network id='tails']
                [Machine name='t' count='3' router='true']
                  [Networks]
                    [Network id='tails']
            """;

    /** A provider (AS 65001, two routers on a core LAN) and a customer stub (AS 65002) with hosts, plus an exchange point peering. */
    static final String TWO_AS = """
            [Networks]
              [Network id='ix']
                [IP subnet='172.16.0.0/24']
            [AS asn='65001' igp='static' block='10.1.0.0/16']
              [Networks]
                [Network id='core']
              [Machines]
                [Machine name='p1' router='true']
                  [Networks]
                    [Network id='core']
                [Machine name='p2' router='true']
                  [Networks]
                    [Network id='core']
                    [Network id='ix']
            [AS asn='4200000002' igp='static' block='10.2.0.0/24']
              [Networks]
                [Network id='lan']
              [Machines]
                [Machine name='c1' router='true']
                  [Networks]
                    [Network id='lan']
                    [Network id='ix']
                [Machine name='h' count='100']
                  [Networks]
                    [Network id='lan']
            [Peerings]
              [Peering a='p1' b='c1' relationship='customer' latency='5ms' bandwidth='1Gbps']
            """;

    private static NdlSimulation ok(String text) {
        NdlResult r = parse(text);
        assertThat(r.errors()).as(r.render()).isEmpty();
        return r.simulation().orElseThrow();
    }

    private static String errors(String text) {
        NdlResult r = parse(text);
        assertThat(r.errors()).as("expected errors").isNotEmpty();
        return r.render();
    }

    @Test
    void everyLinkOfACountNetworkInsideAnAsBelongsToIt() {
        NdlSimulation m = ok(COUNT_TAILS);
        List<String> ids = m.ases().getFirst().networks().stream().map(n -> m.networks().get(n).id()).toList();
        assertThat(ids).containsExactly("core", "tails-1", "tails-2", "tails-3");
    }

    @Test
    void blocksAreCarvedInFileOrderAndPeeringsNumberedFromTheProvidersBlock() {
        NdlSimulation s = ok(TWO_AS);
        assertThat(s.ases()).extracting(AsSpec::asn).containsExactly(65001L, 4200000002L);
        AsSpec provider = s.ases().getFirst();
        assertThat(provider.block().orElseThrow().toString()).isEqualTo("10.1.0.0/16");
        int core = s.networks().stream().map(n -> n.id()).toList().indexOf("core");
        int lan = s.networks().stream().map(n -> n.id()).toList().indexOf("lan");
        assertThat(s.networks().get(core).subnet().toString()).isEqualTo("10.1.0.0/30");          // two routers
        assertThat(s.networks().get(lan).subnet().toString()).isEqualTo("10.2.0.0/25");           // 101 machines
        PeeringSpec p = s.peerings().getFirst();
        assertThat(p.relationship()).isEqualTo("customer");
        assertThat(s.networks().get(p.network()).subnet().toString()).isEqualTo("10.1.0.4/30");   // after core, from a's block
        assertThat(s.machines().get(p.a()).name()).isEqualTo("p1");
        assertThat(s.machines().get(p.b()).name()).isEqualTo("c1");
        // Border routers: the ends of peerings.
        assertThat(provider.border().stream().map(g -> s.machines().get(g).name())).containsExactly("p1");
        assertThat(s.ases().get(1).border().stream().map(g -> s.machines().get(g).name())).containsExactly("c1");
        assertThat(s.address(p.a(), 1, 1).toString()).isEqualTo("10.1.0.5");
        assertThat(s.address(p.b(), 1, 2).toString()).isEqualTo("10.1.0.6");
    }

    @Test
    void anExchangePointPeeringUsesTheSharedNetwork() {
        NdlSimulation s = ok(TWO_AS.replace("[Peering a='p1'", "[Peering a='p2' b='c1' relationship='peer' network='ix']\n  [Peering a='p1'"));
        PeeringSpec ix = s.peerings().getFirst();
        assertThat(ix.relationship()).isEqualTo("peer");
        assertThat(s.networks().get(ix.network()).id()).isEqualTo("ix");
    }

    @Test
    void mistakesAreReportedAtTheirPlace() {
        assertThat(errors(TWO_AS.replace("igp='static' block='10.1", "igp='osfp' block='10.1")))
                .contains("test.ndl:4:21: error: igp must be one of ospf, rip, global, static, not 'osfp'; did you mean 'ospf'?");
        assertThat(errors(TWO_AS.replace("4200000002", "65001"))).contains("test.ndl:15:9: error: duplicate AS 65001 (first at line 4)");
        assertThat(errors(TWO_AS.replace("4200000002", "4294967296"))).contains("test.ndl:15:9: error:");
        assertThat(errors(TWO_AS.replace("4200000002", "23456"))).contains("AS_TRANS");
        assertThat(errors(TWO_AS.replace("10.2.0.0/24", "10.1.128.0/24"))).contains("block 10.1.128.0/24 overlaps AS 65001's block 10.1.0.0/16 (line 4)");
        assertThat(errors(TWO_AS.replace("10.2.0.0/24", "10.2.0.0/26")))
                .contains("test.ndl:15:41: error: block 10.2.0.0/26 of AS 4200000002 has no room left for network 'lan' (a /25 for 101 machines)");
        assertThat(errors(TWO_AS.replace("relationship='customer'", "relationship='client'")))
                .contains("test.ndl:27:39: error: relationship must be customer (b is a's customer), peer or provider (b is a's provider), not 'client'");
        assertThat(errors(TWO_AS.replace("b='c1'", "b='p2'"))).contains("test.ndl:27:21: error: 'p1' and 'p2' are both in AS 65001");
        assertThat(errors(TWO_AS.replace("b='c1'", "b='h'"))).contains("test.ndl:27:21: error: machine 'h' must be one machine with router='true'");
        assertThat(errors(TWO_AS.replace("b='c1'", "b='cc1'"))).contains("test.ndl:27:21: error: unknown machine 'cc1' in 'b'; did you mean 'c1'?");
        assertThat(errors(TWO_AS.replace("latency='5ms'", "latency='5'"))).contains("test.ndl:27:58: error:");
        assertThat(errors(TWO_AS.replace("latency='5ms'", "network='ix' latency='5ms'")))
                .contains("'latency' belongs to the peering's own link; a peering over network 'ix' uses that network's");
        assertThat(errors(TWO_AS + "  [Peering a='c1' b='p1' relationship='provider']\n")).contains("test.ndl:28:4: error: 'c1' and 'p1' already peer (line 27)");
        assertThat(errors(TWO_AS.replace(" block='10.1.0.0/16'", "")))
                .contains("network 'core' has no addresses; add [IP ip=...], [IP range=...] or [IP subnet=...], or declare it in an [AS] with a block='...'");
    }

    @Test
    void aPeeringWithoutABlockTakesItsSubnet() {
        NdlSimulation s = ok(TWO_AS.replace("relationship='customer'", "relationship='customer' subnet='192.0.2.0/31'"));
        assertThat(s.networks().get(s.peerings().getFirst().network()).subnet().toString()).isEqualTo("192.0.2.0/31");
        assertThat(errors(TWO_AS.replace("relationship='customer'", "relationship='customer' subnet='192.0.2.0/32'")))
                .contains("a peering link's subnet needs two addresses");
    }
}
