package elvis.partition;

import elvis.ndl.model.NdlSimulation;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traffic the partitioner weighs ASes by, on a topology small enough to route by hand: tier-1s
 * t1 and t2 peer; transit m buys from both; stubs s1 (of t1), s2 (of t2), s3 (of m) and s4 (of t1
 * and t2). Two s1 hosts send 10 frames each to s2; the s3 host sends 100 frames to s4 (the description is
 * only planned, never run, so it needs no receivers).
 *
 * <ul>
 * <li>s1 to s2: t1 learns s2 from its peer t2 (two ASes) and m from its provider t2 (two as well), but m
 * passes no provider's route up to t1 (valley-free): s1, t1, t2, s2 carry the 20 frames. The 10
 * acknowledgements go back the same way.</li>
 * <li>s3 to s4: m reaches s4 through either provider at the same length, so each carries half of the
 * 100 frames. The 50 acknowledgements leave s4 through either provider (25 each) and reach s3 down
 * through m, whose customer it is.</li>
 * </ul>
 */
class TrafficEstimateTest {
    private static final String[] ASES = {"t1", "t2", "m", "s1", "s2", "s3", "s4"};

    static String ndl() {
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < ASES.length; a++) {
            String n = ASES[a], apps = "";
            if (n.equals("s1")) apps = "        [Application name='tcp_bulk_send' bytes='14600' to='s2-h' port='5001']\n";
            if (n.equals("s3")) apps = "        [Application name='tcp_bulk_send' bytes='146000' to='s4-h' port='5001']\n";
            b.append(as(a, n, n.startsWith("s") ? (n.equals("s1") ? 2 : 1) : 0, apps));
        }
        b.append("[Peerings]\n");
        String[][] peerings = {{"t1", "t2", "peer"}, {"t1", "m", "customer"}, {"t2", "m", "customer"}, {"t1", "s1", "customer"},
                {"s2", "t2", "provider"}, {"m", "s3", "customer"}, {"t1", "s4", "customer"}, {"t2", "s4", "customer"}};
        for (String[] p : peerings) {
            b.append("  [Peering a='").append(p[0]).append("-r' b='").append(p[1]).append("-r' relationship='").append(p[2])
                    .append("' latency='10ms']\n");
        }
        return b.toString();
    }

    /** AS number {@code 65001 + index} with router NAME-r on LAN lan-NAME and, when {@code hosts} > 0, hosts NAME-h running {@code apps}. */
    static String as(int index, String name, int hosts, String apps) {
        StringBuilder b = new StringBuilder();
        b.append("[AS asn='").append(65001 + index).append("' igp='static' block='10.").append(index + 1).append(".0.0/16']\n")
                .append("  [Networks]\n    [Network id='lan-").append(name).append("' latency='1ms']\n")
                .append("  [Machines]\n    [Machine name='").append(name).append("-r' router='true']\n")
                .append("      [Networks]\n        [Network id='lan-").append(name).append("']\n");
        if (hosts > 0) {
            b.append("    [Machine name='").append(name).append("-h' count='").append(hosts).append("']\n")
                    .append("      [Networks]\n        [Network id='lan-").append(name).append("']\n      [Applications]\n").append(apps);
        }
        return b.toString();
    }

    @Test
    void framesFollowValleyFreeShortestRoutesAndEqualRoutesShare() {
        NdlSimulation m = PartitionerTest.model(ndl());
        double[] carried = TrafficEstimate.perAs(m);
        Map<String, Double> byAs = new LinkedHashMap<>();
        for (int a = 0; a < ASES.length; a++) byAs.put(ASES[a], carried[a]);
        assertThat(byAs).containsExactly(
                Map.entry("t1", 20.0 + 10 + 50 + 25), Map.entry("t2", 20.0 + 10 + 50 + 25), Map.entry("m", 100.0 + 50),
                Map.entry("s1", 30.0), Map.entry("s2", 30.0), Map.entry("s3", 150.0), Map.entry("s4", 150.0));
    }

    /**
     * Stubs s1 and s2 with 100 idle hosts each outweigh the rest by machines, but the frames are all
     * s3's to s4, over m and the tier-1s: split by machines, s2 is a partition of its own and every
     * frame is in the other (108 / 101 machines, one link cut); weighed by what they carry, the ASes
     * split the frames within 55 / 45.
     */
    @Test
    void theAsesSplitByTheFramesTheyCarryNotByTheirMachines() {
        String text = ndl().replace("name='s1-h' count='2'", "name='s1-h' count='100'").replace("name='s2-h' count='1'", "name='s2-h' count='100'")
                .replaceAll("\\s*\\[Application name='tcp_bulk_send' bytes='14600' to='s2-h' port='5001']", "")
                .replace("bytes='146000'", "bytes='1460000'");
        NdlSimulation m = PartitionerTest.model(text);
        double[] carried = TrafficEstimate.perAs(m);
        assertThat(carried[3]).as("s1 sends nothing").isZero();
        PartitionPlan p = PartitionerTest.plan(m, 2);
        double[] load = new double[2];
        for (int a = 0; a < ASES.length; a++) load[p.partition(PartitionerTest.group(m, ASES[a] + "-r"), 1)] += carried[a];
        assertThat(Math.max(load[0], load[1]) / (load[0] + load[1])).as(p.describe()).isLessThanOrEqualTo(0.55);
    }

    /**
     * Relationships that make a provider cycle (y is x's provider, w is y's, x is w's) and a destination
     * nobody reaches (z, with no peering). The frames towards z have no route, so they weigh nothing,
     * and the search for one ends instead of going round the cycle. x's 10 frames to y go x, w, y (through
     * the cycle, y is in x's customer cone); y's 5 acknowledgements go straight down to its customer x.
     */
    @Test
    void aProviderCycleAndAnUnreachableAsEndAndWeighNothing() {
        String apps = "        [Application name='tcp_bulk_send' bytes='14600' to='z-h' port='5001']\n"
                + "        [Application name='tcp_bulk_send' bytes='14600' to='y-h' port='5002']\n";
        String text = as(0, "x", 1, apps) + as(1, "y", 1, "") + as(2, "w", 1, "") + as(3, "z", 1, "") + """
                [Peerings]
                  [Peering a='x-r' b='y-r' relationship='provider' latency='10ms']
                  [Peering a='y-r' b='w-r' relationship='provider' latency='10ms']
                  [Peering a='w-r' b='x-r' relationship='provider' latency='10ms']
                """;
        double[] carried = TrafficEstimate.perAs(PartitionerTest.model(text));
        assertThat(carried).containsExactly(10.0 + 5, 10.0 + 5, 10.0, 0.0);
    }
}
