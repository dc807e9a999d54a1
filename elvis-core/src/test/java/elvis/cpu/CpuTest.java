package elvis.cpu;

import elvis.Simulation;
import elvis.machine.Application;
import elvis.machine.Failure;
import elvis.machine.Machine;
import elvis.socket.Process;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The processor-sharing model: completion times computed by hand, priorities as weights, accounting. */
class CpuTest {
    static final long MS = 1_000_000;

    /** An application that runs {@code program} as a process, so that its work is charged to it. */
    static final class Busy implements Application {
        final String name;
        final elvis.socket.Program program;

        Busy(String name, elvis.socket.Program program) {
            this.name = name;
            this.program = program;
        }

        @Override public String name() { return name; }
        @Override public void start(Machine machine) { Process.spawn(machine, this, program); }
        @Override public String summary() { return name; }
    }

    private static Machine machine(Simulation sim, int cores) {
        Machine m = sim.machine("server");
        Cpu.of(m).configure(cores, CpuCosts.NONE);
        return m;
    }

    @Test
    void aDeclaredCostBeatsTheCallersDefaultAndAnUndeclaredOneUsesIt() throws Exception {
        Machine m = new Simulation(1).machine("server");
        Cpu cpu = Cpu.of(m).configure(1, CpuCosts.parse("deflate_l1=4ns"));
        assertThat(cpu.cost("deflate_l1", 1000, 20)).isEqualTo(4000);    // declared: the default is ignored
        assertThat(cpu.cost("deflate_l9", 1000, 2.5)).isEqualTo(2500);   // undeclared: the default per unit
        assertThat(cpu.cost("deflate_l9", 3, 0.5)).isEqualTo(2);         // rounded up, as the costs are
        assertThat(cpu.cost("deflate_l9", 1000)).isZero();               // without a default, still free
    }

    /** The issue's test: two CPU-bound applications on one core with priorities 1 and 10 share it 1:10. */
    @Test
    void prioritiesOneAndTenShareOneCoreOneToTen() {
        Simulation sim = new Simulation(1);
        Machine m = machine(sim, 1);
        Busy low = new Busy("low", p -> { while (true) p.compute(MS); });
        Busy high = new Busy("high", p -> { while (true) p.compute(MS); });
        m.addApplication(low);
        m.addApplication(high);
        Cpu cpu = Cpu.of(m);
        cpu.priority(low, 1);
        cpu.priority(high, 10);
        sim.runUntil(1100 * MS);
        // 1/11 and 10/11 of 1.1 s: exactly 100 ms and 1000 ms (the rates divide every interval exactly).
        assertThat(cpu.account(low).cpuNs()).isEqualTo(100 * MS);
        assertThat(cpu.account(high).cpuNs()).isEqualTo(1000 * MS);
        assertThat(cpu.account(high).jobsCompleted()).isEqualTo(1000);
        assertThat(cpu.account(low).jobsCompleted()).isEqualTo(100);
        assertThat(cpu.utilisation()).isEqualTo(1.0);
        sim.shutdown();
    }

    /** The same with work that does not divide evenly: the shares are 1:10 to the nanosecond's rounding. */
    @Test
    void unevenWorkStillSharesOneToTen() {
        Simulation sim = new Simulation(1);
        Machine m = machine(sim, 1);
        Busy low = new Busy("low", p -> { while (true) p.compute(333_333); });
        Busy high = new Busy("high", p -> { while (true) p.compute(777_777); });
        m.addApplication(low);
        m.addApplication(high);
        Cpu cpu = Cpu.of(m);
        cpu.priority(high, 10);
        sim.runUntil(1000 * MS);
        long lowNs = cpu.account(low).cpuNs(), highNs = cpu.account(high).cpuNs();
        assertThat(lowNs + highNs).isBetween(1000 * MS - 3000, 1000 * MS);     // ≤ 1 ns lost per re-plan
        assertThat((double) highNs / lowNs).isCloseTo(10.0, within(1e-3));
        sim.shutdown();
    }

    @Test
    void asManyCoresAsJobsRunsEachAtFullSpeed() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(machine(sim, 4));
        List<Long> done = new ArrayList<>();
        for (long work : new long[] {5 * MS, 2 * MS, 3 * MS}) cpu.run("w" + work, work, () -> done.add(sim.kernel().now()));
        sim.run();
        assertThat(done).containsExactly(2 * MS, 3 * MS, 5 * MS);
        assertThat(cpu.busyCoreNs()).isEqualTo(10 * MS);
        assertThat(cpu.utilisation()).isEqualTo(10.0 / (4 * 5));
    }

    /** 2, 4 and 6 ms on 2 cores, equal weights: 2/3 of a core each until 3 ms, then full speed: 3, 5, 7 ms. */
    @Test
    void fewerCoresThanJobsShareByHand() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(machine(sim, 2));
        List<String> done = new ArrayList<>();
        for (long work : new long[] {6 * MS, 2 * MS, 4 * MS}) cpu.run("app", work, () -> done.add(work / MS + "@" + sim.kernel().now() / 1000));
        assertThat(cpu.queueLength()).isEqualTo(3);
        sim.run();
        assertThat(done).containsExactly("2@3000", "4@5000", "6@7000");
        assertThat(cpu.busyCoreNs()).isEqualTo(12 * MS);
        assertThat(cpu.utilisation()).isCloseTo(12.0 / 14, within(1e-12));
        assertThat(cpu.maxQueueLength()).isEqualTo(3);
        // 3 jobs for 3 ms, 2 for 2 ms, 1 for 2 ms: 15 job-ms over 7 ms
        assertThat(cpu.meanQueueLength()).isCloseTo(15.0 / 7, within(1e-12));
        assertThat(cpu.account("app").cpuNs()).isEqualTo(12 * MS);
        assertThat(cpu.jobsCompleted()).isEqualTo(3);
    }

    /** Weights 10, 1, 1 on 2 cores: the heavy task's share exceeds a core, so it gets one and the others split the second. */
    @Test
    void aShareAboveOneCoreIsCappedAtOne() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(machine(sim, 2));
        cpu.priority("heavy", 10);
        List<String> done = new ArrayList<>();
        cpu.run("heavy", 10 * MS, () -> done.add("heavy@" + sim.kernel().now() / MS));
        cpu.run("b", 4 * MS, () -> done.add("b@" + sim.kernel().now() / MS));
        cpu.run("c", 4 * MS, () -> done.add("c@" + sim.kernel().now() / MS));
        sim.run();
        assertThat(done).containsExactly("b@8", "c@8", "heavy@10");
    }

    /** A job arriving replans the running ones; one leaving (cancelled) too. */
    @Test
    void arrivalsAndDeparturesReplan() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(machine(sim, 1));
        List<String> done = new ArrayList<>();
        cpu.run("a", 10 * MS, () -> done.add("a@" + sim.kernel().now() / MS));
        sim.kernel().schedule(2 * MS, () -> cpu.run("b", 4 * MS, () -> done.add("b@" + sim.kernel().now() / MS)));
        sim.run();
        // a alone for 2 ms (8 left); both at 1/2: b done at 10 ms, a has 4 left: 14 ms
        assertThat(done).containsExactly("b@10", "a@14");

        Simulation sim2 = new Simulation(1);
        Cpu cpu2 = Cpu.of(machine(sim2, 1));
        List<String> done2 = new ArrayList<>();
        cpu2.run("a", 10 * MS, () -> done2.add("a@" + sim2.kernel().now() / MS));
        Cpu.Job b = cpu2.run("b", 10 * MS, () -> done2.add("b"));
        sim2.kernel().schedule(4 * MS, b::cancel);
        sim2.run();
        // both at 1/2 for 4 ms (a has 8 left), then a alone: 12 ms; b never completes but keeps what it used
        assertThat(done2).containsExactly("a@12");
        assertThat(b.finished()).isFalse();
        assertThat(cpu2.account("b").cpuNs()).isEqualTo(2 * MS);
        assertThat(cpu2.queueLength()).isZero();
    }

    /** A task's jobs run one after another; separate tasks share the core. */
    @Test
    void aTaskIsFifo() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(machine(sim, 1));
        List<String> done = new ArrayList<>();
        Cpu.Task t = cpu.task("module");
        t.run(3 * MS, () -> done.add("first@" + sim.kernel().now() / MS));
        t.run(2 * MS, () -> done.add("second@" + sim.kernel().now() / MS));
        t.run(0, () -> done.add("empty@" + sim.kernel().now() / MS));
        cpu.run("other", 5 * MS, () -> done.add("other@" + sim.kernel().now() / MS));
        assertThat(t.queued()).isEqualTo(3);
        sim.run();
        // first at 1/2: 6 ms (other has 2 left); second and other at 1/2: both at 10 ms; the empty job right behind second
        assertThat(done).containsExactly("first@6", "second@10", "empty@10", "other@10");
    }

    /** Off: zero work completes inside the call, schedules nothing; unlimited cores run everything at full speed. */
    @Test
    void zeroWorkAndUnlimitedCores() {
        Simulation sim = new Simulation(1);
        Machine m = sim.machine("m");
        Cpu cpu = Cpu.of(m);
        assertThat(cpu.configured()).isFalse();
        assertThat(cpu.cost("deflate_l9", 1 << 20)).isZero();
        boolean[] ran = {false};
        Cpu.Job j = cpu.run("x", 0, () -> ran[0] = true);
        assertThat(ran[0]).isTrue();
        assertThat(j.finished()).isTrue();
        assertThat(sim.kernel().pendingEvents()).isZero();
        assertThat(CpuReport.of(List.of(m))).as("zero work on a machine that declares nothing is not reported").isEmpty();
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < 100; i++) cpu.run("x", 7 * MS, () -> done.add(sim.kernel().now()));
        sim.run();
        assertThat(done).hasSize(100).allMatch(t -> t == 7 * MS);
        assertThat(cpu.utilisation()).isNaN();
        assertThat(cpu.busyCoreNs()).isEqualTo(700 * MS);
        assertThat(CpuReport.of(List.of(m))).containsKey("machines");
    }

    @Test
    void aCallbackThatThrowsFailsItsApplicationAlone() {
        Simulation sim = new Simulation(1);
        Machine m = machine(sim, 1);
        Busy app = new Busy("app", p -> { });
        Cpu cpu = Cpu.of(m);
        List<String> done = new ArrayList<>();
        cpu.run(app, MS, () -> { throw new IllegalStateException("boom"); });
        cpu.run("module", MS, () -> { throw new IllegalStateException("bang"); });
        cpu.run("other", MS, () -> done.add("other"));
        sim.run();
        assertThat(done).containsExactly("other");
        assertThat(m.failures(Failure.Kind.APPLICATION)).isEqualTo(1);
        assertThat(m.failures(Failure.Kind.INTERNAL_ERROR)).isEqualTo(1);
    }

    /** A process killed while computing withdraws its work: the other one gets the core back. */
    @Test
    void aKilledProcessWithdrawsItsWork() {
        Simulation sim = new Simulation(1);
        Machine m = machine(sim, 1);
        Process[] victim = new Process[1];
        long[] finished = {-1};
        Busy a = new Busy("a", p -> {
            victim[0] = Process.current();
            p.compute(100 * MS);
        });
        Busy b = new Busy("b", p -> {
            p.compute(10 * MS);
            finished[0] = p.now();
        });
        m.addApplication(a);
        m.addApplication(b);
        sim.kernel().schedule(4 * MS, () -> victim[0].kill());
        sim.run();
        // both at 1/2 for 4 ms (b has 8 left), then b alone
        assertThat(finished[0]).isEqualTo(12 * MS);
        assertThat(Cpu.of(m).queueLength()).isZero();
        assertThat(Cpu.of(m).account(a).cpuNs()).isEqualTo(2 * MS);
    }

    @Test
    void changingAPriorityReplans() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(machine(sim, 1));
        List<String> done = new ArrayList<>();
        cpu.run("a", 10 * MS, () -> done.add("a@" + sim.kernel().now() / MS));
        cpu.run("b", 10 * MS, () -> done.add("b@" + sim.kernel().now() / MS));
        sim.kernel().schedule(4 * MS, () -> cpu.priority("a", 4));
        sim.run();
        // 4 ms at 1/2 each (8 left each); then a at 4/5: 10 ms more (done at 14 ms, b has 6 left), b alone: 20 ms
        assertThat(done).containsExactly("a@14", "b@20");
    }

    /** An application made by a wrapper (started once its names resolve) charges the wrapper's account, with its priority. */
    @Test
    void aWrappedApplicationChargesItsWrappersAccount() {
        Simulation sim = new Simulation(1);
        Machine m = machine(sim, 1);
        Cpu cpu = Cpu.of(m);
        Object wrapper = "wrapper", inner = "inner";
        cpu.priority(wrapper, 3);
        Cpu.sameAccount(m, wrapper, inner);
        List<String> done = new ArrayList<>();
        cpu.run(inner, 3 * MS, () -> done.add("inner@" + sim.kernel().now() / MS));
        cpu.run("other", 3 * MS, () -> done.add("other@" + sim.kernel().now() / MS));
        sim.run();
        // 3:1: inner done at 4 ms (other had 1/4 of them: 2 ms left), other at 6 ms
        assertThat(done).containsExactly("inner@4", "other@6");
        assertThat(cpu.account(wrapper).cpuNs()).isEqualTo(3 * MS);
        assertThat(cpu.accounts()).extracting(Cpu.Account::name).containsExactly("wrapper", "other");
        // on a machine nobody configured, nothing is made
        Machine plain = sim.machine("plain");
        Cpu.sameAccount(plain, wrapper, inner);
        assertThat(Cpu.existing(plain)).isNull();
    }

    @Test
    void rejectsWhatMakesNoSense() {
        Simulation sim = new Simulation(1);
        Cpu cpu = Cpu.of(sim.machine("m"));
        assertThatThrownBy(() -> cpu.run("x", -1, () -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cpu.priority("x", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cpu.configure(-1, CpuCosts.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactArithmetic() {
        assertThat(Exact.mulDivFloor(Long.MAX_VALUE, 10, 11)).isEqualTo(java.math.BigInteger.valueOf(Long.MAX_VALUE)
                .multiply(java.math.BigInteger.TEN).divide(java.math.BigInteger.valueOf(11)).longValueExact());
        assertThat(Exact.mulDivCeil(7, 3, 2)).isEqualTo(11);
        assertThat(Exact.mulDivCeil(Long.MAX_VALUE, 3, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Exact.mulDivCeil(0, 3, 2)).isZero();
    }
}
