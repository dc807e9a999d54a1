package elvis.partition;

import static org.assertj.core.api.Assertions.assertThat;

import elvis.app.ApplicationRegistry;
import elvis.cli.CommandLineTest;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.model.AsSpec;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How descriptions are split for parallel runs: cuts only where allowed, balance, overrides and their refusals, sequential cases. */
class PartitionerTest {
    static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).getParent().resolve("examples");

    static NdlSimulation model(String text) {
        NdlResult r = Ndl.parse("test.ndl", text, ApplicationRegistry.load());
        assertThat(r.errors()).as(r.render()).isEmpty();
        return r.simulation().orElseThrow();
    }

    static PartitionPlan plan(NdlSimulation m, int partitions) {
        Partitioner.Result r = Partitioner.plan(m, partitions);
        assertThat(r.errors()).isEmpty();
        return r.plan();
    }

    static List<String> errors(String text, int partitions) {
        return Partitioner.plan(model(text), partitions).errors().stream()
                .map(d -> d.pos().line() + ":" + d.pos().col() + ": " + d.message()).toList();
    }

    static int group(NdlSimulation m, String name) {
        for (int g = 0; g < m.machines().size(); g++) if (m.machines().get(g).name().equals(name)) return g;
        throw new IllegalArgumentException(name);
    }

    static int network(NdlSimulation m, String id) {
        for (int n = 0; n < m.networks().size(); n++) if (m.networks().get(n).id().equals(id)) return n;
        throw new IllegalArgumentException(id);
    }

    /** The partitions instances of group {@code name} are in. */
    static Set<Integer> partitionsOf(NdlSimulation m, PartitionPlan p, String name) {
        int g = group(m, name);
        Set<Integer> s = new HashSet<>();
        for (long i = 1; i <= m.machines().get(g).count(); i++) s.add(p.partition(g, i));
        return s;
    }

    static String dumbbell() throws Exception { return Files.readString(EXAMPLES.resolve("parallel-dumbbell.ndl")); }

    @Test
    void aDumbbellSplitsAtItsBottleneck() throws Exception {
        NdlSimulation m = model(dumbbell());
        PartitionPlan p = plan(m, 2);
        assertThat(p.partitions()).isEqualTo(2);
        assertThat(p.cutLinks()).isEqualTo(1);
        assertThat(p.isCut(network(m, "bottleneck"))).isTrue();
        assertThat(partitionsOf(m, p, "r1")).isEqualTo(partitionsOf(m, p, "sender")).hasSize(1);
        assertThat(partitionsOf(m, p, "r2")).isEqualTo(partitionsOf(m, p, "receiver")).hasSize(1);
        assertThat(partitionsOf(m, p, "r1")).containsExactly(0);            // without overrides, partitions are numbered in file order
        assertThat(partitionsOf(m, p, "r2")).containsExactly(1);
        assertThat(p.lookaheadNs()).isEqualTo(20_000_000 + 11_200);          // 20 ms plus 14 bytes at 10 Mbit/s
        assertThat(p.sequentialBecause()).isEmpty();
        assertThat(p.describe()).isEqualTo("2 partitions by graph partition: 11 / 11 machines; 1 link cut; lookahead 20.011 ms");
        for (int n = 0; n < m.networks().size(); n++) {
            if (n != network(m, "bottleneck")) assertThat(p.networkPartition(n)).isBetween(0, 1);
        }
    }

    /**
     * One server behind a link and a hundred clients on a LAN: the only cut leaves nearly all the
     * work on one side, so the run stays sequential and says why; pinned, it is split all the same.
     */
    @Test
    void aSplitThatCannotPayStaysSequentialUnlessPinned() throws Exception {
        String lopsided = Files.readString(EXAMPLES.resolve("web-original-hundred-clients.ndl"));
        PartitionPlan p = plan(model(lopsided), 2);
        assertThat(p.partitions()).isEqualTo(1);
        assertThat(p.sequentialBecause()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the best split leaves 99% of the work (machines and their applications) in one partition, so a parallel run could be at most 1.01x as fast"));
        assertThat(plan(model(dumbbell()), 2).partitions()).isEqualTo(2);   // 11 / 11: up to 2x
        NdlSimulation pinned = model(lopsided.replace("[Machine name='server']", "[Machine name='server' partition='1']"));
        PartitionPlan split = plan(pinned, 2);
        assertThat(split.partitions()).isEqualTo(2);
        assertThat(partitionsOf(pinned, split, "server")).containsExactly(1);
        assertThat(partitionsOf(pinned, split, "client")).containsExactly(0);
    }

    /** Three LANs of different sizes joined by routers over links of 5 ms: each stays whole, whatever the partition count. */
    static final String LANS = """
            [Networks]
              [Network id='lan1' latency='1ms']
                [IP subnet='10.1.0.0/24']
              [Network id='lan2' latency='1ms']
                [IP subnet='10.2.0.0/24']
              [Network id='lan3' latency='1ms']
                [IP subnet='10.3.0.0/24']
              [Network id='l12' type='p2p' latency='5ms']
                [IP subnet='10.9.0.0/30']
              [Network id='l23' type='p2p' latency='5ms']
                [IP subnet='10.9.0.4/30']
            [Machines]
              [Machine name='r1' router='true']
                [Networks]
                  [Network id='lan1']
                  [Network id='l12']
                [Applications]
              [Machine name='r2' router='true']
                [Networks]
                  [Network id='lan2']
                  [Network id='l12']
                  [Network id='l23']
                [Applications]
              [Machine name='r3' router='true']
                [Networks]
                  [Network id='lan3']
                  [Network id='l23']
                [Applications]
              [Machine name='a' count='30']
                [Networks]
                  [Network id='lan1']
                [Applications]
              [Machine name='b' count='10']
                [Networks]
                  [Network id='lan2']
                [Applications]
              [Machine name='c' count='20']
                [Networks]
                  [Network id='lan3']
                [Applications]
            """;

    @Test
    void aLanIsNeverSplit() {
        NdlSimulation m = model(LANS);
        for (int k = 2; k <= 5; k++) {
            PartitionPlan p = plan(m, k);
            assertThat(partitionsOf(m, p, "a")).as(k + " partitions").isEqualTo(partitionsOf(m, p, "r1")).hasSize(1);
            assertThat(partitionsOf(m, p, "b")).isEqualTo(partitionsOf(m, p, "r2")).hasSize(1);
            assertThat(partitionsOf(m, p, "c")).isEqualTo(partitionsOf(m, p, "r3")).hasSize(1);
            for (String lan : List.of("lan1", "lan2", "lan3")) assertThat(p.isCut(network(m, lan))).isFalse();
        }
        PartitionPlan two = plan(m, 2);
        assertThat(two.machineCounts()).containsExactlyInAnyOrder(31, 32);      // lan1 against lan2 and lan3
        assertThat(two.cutLinks()).isEqualTo(1);
    }

    @Test
    void aZeroDelayLinkIsNeverCut() {
        NdlSimulation m = model(LANS.replace("[Network id='l12' type='p2p' latency='5ms']", "[Network id='l12' type='p2p']"));
        for (int k = 2; k <= 3; k++) {
            PartitionPlan p = plan(m, k);
            assertThat(p.isCut(network(m, "l12"))).isFalse();
            assertThat(partitionsOf(m, p, "r1")).isEqualTo(partitionsOf(m, p, "r2"));
            assertThat(p.isCut(network(m, "l23"))).isTrue();
            assertThat(p.lookaheadNs()).isEqualTo(5_000_000);
        }
        // A limited bandwidth gives even a link without delay a lead: the serialization of a header.
        PartitionPlan p = plan(model(LANS.replace("[Network id='l12' type='p2p' latency='5ms']", "[Network id='l12' type='p2p' bandwidth='1Mbps']")
                .replace("[Network id='l23' type='p2p' latency='5ms']", "[Network id='l23' type='p2p']")), 2);
        assertThat(p.isCut(network(m, "l12"))).isTrue();
        assertThat(p.lookaheadNs()).isEqualTo(112_000);
        // A direction's own configuration counts: no delay towards r2 keeps the link whole.
        PartitionPlan q = plan(model(LANS.replace("      [Network id='lan2']\n      [Network id='l12']\n",
                "      [Network id='lan2']\n      [Network id='l12' latency='0']\n")), 2);
        assertThat(q.isCut(network(m, "l12"))).isFalse();
        assertThat(q.isCut(network(m, "l23"))).isTrue();
    }

    /** More partitions than pieces: the empty ones are the last. */
    @Test
    void emptyPartitionsComeLast() throws Exception {
        PartitionPlan p = plan(model(Files.readString(EXAMPLES.resolve("bottleneck.ndl"))), 4);
        assertThat(p.machineCounts()).containsExactly(1, 1, 0, 0);
        assertThat(p.describe()).startsWith("4 partitions by graph partition: 1 / 1 / 0 / 0 machines; 1 link cut");
    }

    @Test
    void everythingJoinedRunsSequentiallyAndSaysWhy() {
        PartitionPlan p = plan(model(LANS.replace("latency='5ms'", "latency='0'")), 4);
        assertThat(p.partitions()).isEqualTo(1);
        assertThat(p.sequentialBecause()).contains("everything is on one switched network or joined by zero-delay links");
        assertThat(p.describe()).isEqualTo("sequential: everything is on one switched network or joined by zero-delay links");
        PartitionPlan one = plan(model(LANS), 1);
        assertThat(one.partitions()).isEqualTo(1);
        assertThat(one.sequentialBecause()).isEmpty();
        assertThat(one.describe()).isEqualTo("sequential");
    }

    @Test
    void globalRoutingAndTapsRunSequentially() throws Exception {
        PartitionPlan global = plan(model(Files.readString(EXAMPLES.resolve("dumbbell.ndl"))), 2);
        assertThat(global.partitions()).isEqualTo(1);
        assertThat(global.sequentialBecause().orElseThrow()).startsWith("routing='global' computes every route centrally");
        PartitionPlan tapped = plan(model(Files.readString(EXAMPLES.resolve("live-ping.ndl"))), 2);
        assertThat(tapped.partitions()).isEqualTo(1);
        assertThat(tapped.sequentialBecause().orElseThrow()).isEqualTo("network 'lan' is bridged to TAP device 'elvis0': live emulation runs on one kernel");
    }

    @Test
    void overridesAreHonoured() throws Exception {
        // Pinning each router to the other side than the algorithm chose moves its side with it.
        String pinned = dumbbell().replace("[Machine name='r1' router='true']", "[Machine name='r1' router='true' partition='1']")
                .replace("[Machine name='r2' router='true']", "[Machine name='r2' router='true' partition='0']");
        NdlSimulation m = model(pinned);
        PartitionPlan p = plan(m, 2);
        assertThat(partitionsOf(m, p, "r1")).containsExactly(1);
        assertThat(partitionsOf(m, p, "sender")).containsExactly(1);
        assertThat(partitionsOf(m, p, "r2")).containsExactly(0);
        assertThat(partitionsOf(m, p, "receiver")).containsExactly(0);
        // Pinned to one partition of three, the others are placed around: a takes partition 2 alone, the rest balance.
        NdlSimulation lans = model(LANS.replace("[Machine name='b' count='10']", "[Machine name='b' count='10' partition='2']")
                .replace("[Machine name='a' count='30']", "[Machine name='a' count='30' partition='0']"));
        PartitionPlan q = plan(lans, 3);
        assertThat(partitionsOf(lans, q, "r1")).containsExactly(0);
        assertThat(partitionsOf(lans, q, "r2")).containsExactly(2);
        assertThat(partitionsOf(lans, q, "c")).containsExactly(1);
    }

    @Test
    void overridesThatCannotBeAreRefusedWhereTheyAreWritten() {
        assertThat(errors(LANS.replace("[Machine name='b' count='10']", "[Machine name='b' count='10' partition='2']"), 2)).containsExactly(
                "33:42: machine 'b' has partition='2', but the run has 2 partitions (0 to 1)");
        assertThat(errors(LANS.replace("[Machine name='b' count='10']", "[Machine name='b' count='10' partition='1']")
                .replace("[Machine name='r2' router='true']", "[Machine name='r2' router='true' partition='0']"), 2)).containsExactly(
                "33:42: partition overrides split network 'lan2': machine 'r2' is in partition 0 and 'b' in partition 1, but a LAN and its "
                        + "machines run in one partition");
        assertThat(errors(LANS.replace("[Network id='l12' type='p2p' latency='5ms']", "[Network id='l12' type='p2p']")
                .replace("[Machine name='r1' router='true']", "[Machine name='r1' router='true' partition='1']")
                .replace("[Machine name='r2' router='true']", "[Machine name='r2' router='true' partition='0']"), 2)).containsExactly(
                "18:46: partition overrides split link 'l12': machine 'r1' is in partition 1 and 'r2' in partition 0, but it has no delay, "
                        + "so it cannot be cut");
        // A bad number is the checker's error, as any bad value.
        NdlResult bad = Ndl.parse("test.ndl", LANS.replace("[Machine name='b' count='10']", "[Machine name='b' count='10' partition='x']"),
                ApplicationRegistry.load());
        assertThat(bad.errors()).singleElement().satisfies(d -> assertThat(d.pos().line() + ":" + d.pos().col()).isEqualTo("33:42"));
    }

    @Test
    void machinesSharingDummynetPipesOrModulesStayTogether() {
        String ipfw = LANS.replace("  [Machine name='r3' router='true']\n", "  [Machine name='r3' router='true']\n    [Ipfw default='allow']\n"
                + "      [Line ipfw='pipe 1 config bw 1Mbit/s']\n      [Line ipfw='add 100 pipe 1 ip from any to any']\n")
                .replace("  [Machine name='r1' router='true']\n", "  [Machine name='r1' router='true']\n    [Ipfw default='allow']\n"
                        + "      [Line ipfw='add 100 pipe 1 ip from any to any']\n");
        assertThat(ipfw).contains("[Line ipfw='add 100 pipe 1 ip from any to any']\n    [Networks]\n      [Network id='lan1']");
        NdlSimulation m = model(ipfw);
        for (int k = 2; k <= 3; k++) {
            PartitionPlan p = plan(m, k);
            assertThat(partitionsOf(m, p, "r1")).isEqualTo(partitionsOf(m, p, "r3"));
        }
        // With r2 on a pipe too, nothing is left to cut, and the reason says what kept it together.
        PartitionPlan all = plan(model(ipfw.replace("  [Machine name='r2' router='true']\n", "  [Machine name='r2' router='true']\n"
                + "    [Ipfw default='allow']\n      [Line ipfw='add 100 pipe 1 ip from any to any']\n")), 2);
        assertThat(all.sequentialBecause()).contains("everything is on one switched network or joined by zero-delay links (or kept together by the dummynet pipes)");
    }

    @Test
    void machinesSharingAModuleStayTogether() {
        String modules = "[Module name='fwd' type='forward']\n" + LANS.replace("[Machine name='r2' router='true']", "[Machine name='r2' router='true' modules='fwd']")
                .replace("[Machine name='c' count='20']", "[Machine name='c' count='20' modules='fwd']");
        NdlSimulation m = model(modules);
        PartitionPlan p = plan(m, 2);
        assertThat(partitionsOf(m, p, "r2")).isEqualTo(partitionsOf(m, p, "c")).hasSize(1);
        assertThat(p.machineCounts()).containsExactlyInAnyOrder(31, 32);      // lan1 against lan2 and lan3, as without modules
        NdlSimulation apart = model(LANS);
        assertThat(partitionsOf(apart, plan(apart, 3), "r2")).isNotEqualTo(partitionsOf(apart, plan(apart, 3), "c"));
        assertThat(partitionsOf(m, plan(m, 3), "r2")).isEqualTo(partitionsOf(m, plan(m, 3), "c"));
    }

    /** The generated Internet of 50 ASes: by AS, balanced within 10%, no AS cut (nor one whose routers share global routing). */
    @Test
    void aGeneratedInternetSplitsByAsWithBalance() {
        CommandLineTest.Outcome o = CommandLineTest.elvis("generate", "internet", "--ases", "50", "--seed", "3");
        assertThat(o.exit()).isZero();
        for (String igp : List.of("ospf", "global")) {
            NdlSimulation m = model(o.out().replace("igp='ospf'", "igp='" + igp + "'"));
            for (int k : new int[] {2, 4}) {
                PartitionPlan p = plan(m, k);
                assertThat(p.partitions()).isEqualTo(k);
                long[] counts = p.machineCounts();
                double average = m.machineCount() / (double) k;
                for (long c : counts) assertThat(c).as(igp + " " + k + ": " + p.describe()).isBetween((long) Math.ceil(average * 0.9), (long) (average * 1.1));
                assertThat(p.describe()).startsWith(k + " partitions by AS: ");
                assertThat(p.lookaheadNs()).isEqualTo(10_000_112);              // a peering link: 10 ms plus 14 bytes at 1 Gbit/s
                for (AsSpec as : m.ases()) {
                    Set<Integer> in = new HashSet<>();
                    for (int g : as.groups()) in.addAll(partitionsOf(m, p, m.machines().get(g).name()));
                    assertThat(in).as("AS " + as.asn()).hasSize(1);
                    for (int n : as.networks()) assertThat(p.isCut(n)).isFalse();
                }
            }
        }
    }

    /** Hosts declared outside any [AS] on links to an AS's router belong to that AS: only the peering is cut. */
    @Test
    void hostsBehindAnAsRouterGoWithTheAs() {
        NdlSimulation m = model("""
                [AS asn='65001' igp='static' block='10.1.0.0/16']
                  [Networks]
                    [Network id='lan1' latency='1ms']
                    [Network id='tails' type='p2p' count='50' latency='2ms']
                      [IP subnet='10.9.0.0/24']
                  [Machines]
                    [Machine name='g1' router='true']
                      [Networks]
                        [Network id='lan1']
                        [Network id='tails']
                    [Machine name='h1' count='10']
                      [Networks]
                        [Network id='lan1']
                [AS asn='65002' igp='static' block='10.2.0.0/16']
                  [Networks]
                    [Network id='lan2' latency='1ms']
                  [Machines]
                    [Machine name='g2' router='true']
                      [Networks]
                        [Network id='lan2']
                    [Machine name='h2' count='40']
                      [Networks]
                        [Network id='lan2']
                [Machines]
                  [Machine name='tail' count='50']
                    [Networks]
                      [Network id='tails']
                    [Applications]
                [Peerings]
                  [Peering a='g1' b='g2' relationship='peer' latency='10ms']
                """);
        PartitionPlan p = plan(m, 2);
        assertThat(partitionsOf(m, p, "tail")).isEqualTo(partitionsOf(m, p, "g1")).hasSize(1);
        assertThat(p.describe()).endsWith("61 / 41 machines; 1 link cut; lookahead 10 ms");
    }

    @Test
    void anAsOverrideMovesItsMachines() {
        CommandLineTest.Outcome o = CommandLineTest.elvis("generate", "internet", "--ases", "20", "--seed", "3");
        String text = o.out();
        NdlSimulation plain = model(text);
        AsSpec last = plain.ases().getLast();
        int usual = plan(plain, 2).partition(last.groups().getFirst(), 1);
        String pinned = text.replace("[AS asn='" + last.asn() + "'", "[AS asn='" + last.asn() + "' partition='" + (1 - usual) + "'");
        NdlSimulation m = model(pinned);
        PartitionPlan p = plan(m, 2);
        for (int g : m.ases().getLast().groups()) assertThat(partitionsOf(m, p, m.machines().get(g).name())).containsExactly(1 - usual);
        assertThat(Partitioner.plan(m, 1).ok()).isTrue();
        assertThat(Partitioner.plan(model(text.replace("[AS asn='" + last.asn() + "'", "[AS asn='" + last.asn() + "' partition='7'")), 4)
                .errors()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(
                        "AS " + last.asn() + " has partition='7', but the run has 4 partitions (0 to 3)"));
    }

    @Test
    void theSamePlanEveryTime() {
        CommandLineTest.Outcome o = CommandLineTest.elvis("generate", "internet", "--ases", "50", "--seed", "4");
        for (String text : List.of(o.out(), LANS)) {
            for (int k : new int[] {2, 3, 4}) {
                PartitionPlan a = plan(model(text), k), b = plan(model(text), k);
                assertThat(b.describe()).isEqualTo(a.describe());
                NdlSimulation m = model(text);
                for (int g = 0; g < m.machines().size(); g++) {
                    MachineGroup group = m.machines().get(g);
                    for (long i = 1; i <= group.count(); i++) assertThat(b.partition(g, i)).isEqualTo(a.partition(g, i));
                }
                for (int n = 0; n < m.networks().size(); n++) assertThat(b.networkPartition(n)).isEqualTo(a.networkPartition(n));
            }
        }
    }

    /** A chain of routers, each with a LAN, and no [AS]: the graph partition cuts few links and balances within 10%. */
    @Test
    void aGraphWithoutAsesIsBalancedWithFewCuts() {
        StringBuilder b = new StringBuilder("[Networks]\n");
        int routers = 40;
        for (int r = 1; r <= routers; r++) b.append("  [Network id='lan").append(r).append("' latency='1ms']\n    [IP subnet='10.").append(r).append(".0.0/24']\n");
        for (int r = 1; r < routers; r++) {
            b.append("  [Network id='l").append(r).append("' type='p2p' latency='").append(r % 10 == 0 ? 20 : 2).append("ms']\n    [IP subnet='10.200.")
                    .append(r).append(".0/30']\n");
        }
        b.append("[Machines]\n");
        for (int r = 1; r <= routers; r++) {
            b.append("  [Machine name='r").append(r).append("' router='true']\n    [Networks]\n      [Network id='lan").append(r).append("']\n");
            if (r > 1) b.append("      [Network id='l").append(r - 1).append("']\n");
            if (r < routers) b.append("      [Network id='l").append(r).append("']\n");
            b.append("    [Applications]\n  [Machine name='h").append(r).append("' count='5']\n    [Networks]\n      [Network id='lan").append(r)
                    .append("']\n    [Applications]\n");
        }
        NdlSimulation m = model(b.toString());
        PartitionPlan two = plan(m, 2);
        assertThat(two.describe()).isEqualTo("2 partitions by graph partition: 120 / 120 machines; 1 link cut; lookahead 20 ms");
        PartitionPlan four = plan(m, 4);
        assertThat(four.describe()).isEqualTo("4 partitions by graph partition: 60 / 60 / 60 / 60 machines; 3 links cut; lookahead 20 ms");
    }

    @Test
    void aHundredThousandHostsInTwoHundredAsesArePlannedFast() {
        CommandLineTest.Outcome o = CommandLineTest.elvis("generate", "internet", "--ases", "200", "--hosts", "100000");
        NdlSimulation m = model(o.out());
        plan(m, 2);                                                         // warm up
        long start = System.nanoTime();
        PartitionPlan p = plan(m, 4);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(p.partitions()).isEqualTo(4);
        assertThat(ms).as("planning took %d ms", ms).isLessThan(1000);
    }

    /** The example runs (sequentially here; the parallel runs compare against this) and every flow completes over the static routes. */
    @Test
    void theParallelDumbbellExampleRuns() {
        CommandLineTest.Outcome o = CommandLineTest.elvis("run", EXAMPLES.resolve("parallel-dumbbell.ndl").toString());
        assertThat(o.exit()).as(o.err() + o.out()).isZero();
        assertThat(o.out()).contains("tcp_bulk_send on sender-1 … sender-10: 10 of 10 met their goal",
                "tcp_sink on receiver-1 … receiver-10: 10 of 10 met their goal");
    }

    @Test
    void checkPrintsThePlan() {
        String file = EXAMPLES.resolve("parallel-dumbbell.ndl").toString();
        CommandLineTest.Outcome o = CommandLineTest.elvis("check", file, "--partitions", "2");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).endsWith("2 partitions by graph partition: 11 / 11 machines; 1 link cut; lookahead 20.011 ms\n");
        CommandLineTest.Outcome seq = CommandLineTest.elvis("check", EXAMPLES.resolve("dumbbell.ndl").toString(), "--partitions", "2");
        assertThat(seq.out()).contains("sequential: routing='global' computes every route centrally");
        assertThat(CommandLineTest.elvis("check", file, "--partitions", "0").err()).contains("--partitions must be 1..65536, not 0");
    }

    @Test
    void checkReportsARefusedOverrideWithItsPlace(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("pinned.ndl");
        Files.writeString(f, dumbbell().replace("[Machine name='r1' router='true']", "[Machine name='r1' router='true' partition='3']"));
        CommandLineTest.Outcome o = CommandLineTest.elvis("check", f.toString(), "--partitions", "2");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains(f + ":14:").contains("machine 'r1' has partition='3', but the run has 2 partitions (0 to 1)");
    }
}
