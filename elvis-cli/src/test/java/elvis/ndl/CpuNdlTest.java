package elvis.ndl;

import elvis.app.ApplicationRegistry;
import elvis.app.CpuLoad;
import elvis.cpu.Cpu;
import elvis.machine.Machine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** [Machine cores=… cpu_costs=…] and [Application priority=…]: the CPU model from a description, and its errors located. */
class CpuNdlTest {
    private static String file(String machineAttributes, String applications) {
        return """
                [Networks]
                  [Network id='lan']
                    [IP subnet='10.0.0.0/24']
                [Machines]
                  [Machine name='m'%s]
                    [Networks]
                      [Network id='lan']
                    [Applications]
                %s""".formatted(machineAttributes, applications);
    }

    private static final String TWO_LOADS = """
                  [Application name='cpu_load' work='1ms' jobs='100' priority='1']
                  [Application name='cpu_load' work='1ms' jobs='100' priority='10']
            """;

    @Test
    void coresCostsAndPrioritiesReachTheMachine() throws Exception {
        NdlResult r = NdlTestSupport.parse(file(" cores='1' cpu_costs='per_request=50us, deflate_l1=200MB/s'", TWO_LOADS));
        assertThat(r.diagnostics()).isEmpty();
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        Machine m = built.simulation().machines().getFirst();
        Cpu cpu = Cpu.existing(m);
        assertThat(cpu.cores()).isEqualTo(1);
        assertThat(cpu.cost("per_request", 2)).isEqualTo(100_000);
        assertThat(cpu.priority(m.applications().get(1))).isEqualTo(10);
        built.simulation().run();
        CpuLoad low = (CpuLoad) m.applications().get(0), high = (CpuLoad) m.applications().get(1);
        assertThat(high.finishedAtNs()).isEqualTo(110_000_000L);       // 100 ms of work at 10/11 of the core
        assertThat(low.finishedAtNs()).isEqualTo(200_000_000L);
        assertThat(cpu.utilisation()).isEqualTo(1.0);
    }

    @Test
    void withoutCoresOrCostsNothingIsMade() throws Exception {
        NdlResult r = NdlTestSupport.parse(file("", """
                      [Application name='cpu_load' work='1ms' jobs='3' processes='2']
                """));
        assertThat(r.diagnostics()).isEmpty();
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        Machine m = built.simulation().machines().getFirst();
        assertThat(Cpu.existing(m)).isNull();
        built.simulation().run();
        // unlimited cores: both processes at full speed
        assertThat(m.applications().getFirst().finishedAtNs()).isEqualTo(3_000_000L);
    }

    @Test
    void badValuesAreLocated() {
        NdlResult r = NdlTestSupport.parse(file(" cores='0' cpu_costs='per_request=50us, deflate=2xs'", ""));
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0).message()).contains("cores must be between 1 and 65,536, got '0'");
        assertThat(r.errors().get(0).pos().line()).isEqualTo(5);
        Diagnostic costs = r.errors().get(1);
        assertThat(costs.message()).contains("cpu_costs: unknown unit 'xs' in cost 'deflate'");
        String line = r.source().line(5);
        // the column points at the unit inside the value
        assertThat(line.substring(costs.pos().col() - 1)).startsWith("xs'");
    }

    @Test
    void costErrorsNameTheEntry() {
        NdlResult r = NdlTestSupport.parse(file(" cores='2' cpu_costs='a=1us, a=2us'", ""));
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("cost 'a' is given twice");
            assertThat(r.source().line(5).substring(d.pos().col() - 1)).startsWith("a=2us");
        });
    }

    @Test
    void priorityIsCheckedAndWarnedAboutWithoutCores() {
        NdlResult bad = NdlTestSupport.parse(file(" cores='1'", """
                      [Application name='cpu_load' work='1ms' jobs='1' priority='0']
                """));
        assertThat(bad.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("priority must be between 1 and 1,000,000, got '0'");
            assertThat(d.pos().line()).isEqualTo(9);
        });
        NdlResult noCores = NdlTestSupport.parse(file(" cpu_costs='x=1us'", """
                      [Application name='cpu_load' work='1ms' jobs='1' priority='5']
                """));
        assertThat(noCores.errors()).isEmpty();
        assertThat(noCores.warnings()).singleElement().satisfies(d -> assertThat(d.message()).contains("priority has no effect", "declares no cores"));
    }

    @Test
    void aMisspelledKeyIsSuggested() {
        NdlResult r = NdlTestSupport.parse(file(" coers='2'", ""));
        assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.message()).contains("unknown attribute 'coers'", "cores"));
    }

    @Test
    void cpuLoadNamesAnUndeclaredCost() throws Exception {
        NdlResult r = NdlTestSupport.parse(file(" cores='1'", """
                      [Application name='cpu_load' cost='per_request' jobs='1']
                """));
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        built.simulation().run();
        assertThat(built.simulation().machines().getFirst().failures()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("declares no cpu cost 'per_request'"));
    }

    @Test
    void aModulesPriorityReachesEveryMachineThatAppliesIt() throws Exception {
        String text = """
                [Module name='fast' type='forward' priority='7']
                [Module name='plain' type='forward']
                """ + file(" cores='1' modules='fast,plain'", """
                      [Application name='cpu_load' work='1ms' jobs='1']
                """);
        NdlResult r = NdlTestSupport.parse(text);
        assertThat(r.diagnostics()).isEmpty();
        var built = SimulationBuilder.build(r.simulation().orElseThrow(), ApplicationRegistry.load());
        Machine m = built.simulation().machines().getFirst();
        var modnet = elvis.modnet.ModNet.of(built.simulation().kernel());
        assertThat(Cpu.existing(m).priority(modnet.module("fast"))).isEqualTo(7);
        assertThat(Cpu.existing(m).priority(modnet.module("plain"))).isEqualTo(Cpu.DEFAULT_PRIORITY);

        NdlResult bad = NdlTestSupport.parse("[Module name='f' type='forward' priority='many']\n" + file(" cores='1'", ""));
        assertThat(bad.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("priority");
            assertThat(d.pos().line()).isEqualTo(1);
        });
    }
}
