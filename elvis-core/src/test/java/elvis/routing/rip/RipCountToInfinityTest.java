package elvis.routing.rip;

import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.routing.rip.RipTest.MS;
import static elvis.routing.rip.RipTest.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Count to infinity exactly where RFC 2453 §3.4.4 says split horizon with poisoned reverse cannot
 * stop it: three routers in a loop "engaged in mutual deception". A, B and C form a triangle and
 * network N hangs off C; A reaches N through C over a slow link (6 s). N fails just before A's
 * regular update, so that update (N at 2) reaches B right after C's poison did: B takes N through
 * A, C takes it through B, A through C, and the wrong route chases its own poison around the loop,
 * gaining a hop each time, until the metric reaches 16. With no loop (a line), or without the
 * crossing (the failure just after A's update), no metric above the old one ever appears.
 */
class RipCountToInfinityTest {
    static final int N = (10 << 24) + (2 << 16);
    static final int A = 0, B = 1, C = 2;

    /** A RIP route to N installed somewhere: when, where, at which metric. */
    record Install(long time, int router, int metric) { }

    record Run(RipTest.Topology topology, long failedAt, List<Install> installs) {
        List<Install> after() { return installs.stream().filter(i -> i.time() >= failedAt).toList(); }
    }

    static Run run(boolean triangle, long offsetFromRegularUpdate) {
        RipTest.Topology t = new RipTest.Topology(7, 3, RipConfig.DEFAULT);
        t.link(A, B, 10 * MS);
        t.link(B, C, 10 * MS);
        if (triangle) t.link(A, C, 6 * S);
        List<Install> installs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int router = r;
            Ipv4.of(t.routers.get(r)).addRouteListener((route, added) -> {
                if (added && route.origin() == Origin.RIP && route.prefix() == N)
                    installs.add(new Install(t.sim.kernel().now(), router, route.metric()));
            });
        }
        t.runFor(100 * S);
        assertThat(t.rips.get(A).metric(N, 24)).isEqualTo(triangle ? 2 : 3);
        long failAt = t.rips.get(A).nextPeriodicNs() + offsetFromRegularUpdate;
        int port = RipTimersTest.port(t.routers.get(C), 0);
        t.sim.kernel().at(failAt, () -> t.stubs.get(C).setPortUp(port, false));
        t.sim.runUntil(failAt + 600 * S);
        for (int r = 0; r < 3; r++) {
            assertThat(t.rips.get(r).metric(N, 24)).as("r" + r + " in the end").isEqualTo(16);
            assertThat(RipTimersTest.rip(t.routers.get(r), N)).isNull();
        }
        for (Machine m : t.routers) assertThat(m.failures()).isEmpty();
        return new Run(t, failAt, installs);
    }

    @Test
    void threeRoutersInALoopCountToSixteenWhenAnUpdateCrossesThePoison() {
        Run r = run(true, -MS);
        List<Install> after = r.after();
        List<Integer> metrics = after.stream().map(Install::metric).toList();
        assertThat(metrics.getFirst()).as("B takes A's stale route").isEqualTo(3);
        assertThat(after.getFirst().router()).isEqualTo(B);
        assertThat(metrics).as("each lap of the loop adds a hop: the count goes up to 15, 16 being infinity").isSorted().contains(15)
                .allSatisfy(m -> assertThat(m).isBetween(3, 15));
        assertThat(metrics).containsAll(List.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        for (int i = 1; i < after.size(); i++) {
            if (after.get(i).metric() != after.get(i - 1).metric())
                assertThat(after.get(i).router()).as("the wrong route goes round the loop B, C, A").isEqualTo((after.get(i - 1).router() + 1) % 3);
        }
    }

    @Test
    void withoutTheCrossingOrWithoutTheLoopNoMetricEverGrows() {
        assertThat(run(true, MS).after()).as("failure just after A's update: the poison arrives first everywhere").isEmpty();
        assertThat(run(false, -MS).after()).as("a line: poisoned reverse breaks every two-router loop").isEmpty();
    }
}
