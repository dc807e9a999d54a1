package elvis.routing.rip;

import elvis.link.FrameTap;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Origin;
import elvis.protocol.ipv4.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.routing.rip.RipTest.MS;
import static elvis.routing.rip.RipTest.S;
import static org.assertj.core.api.Assertions.assertThat;

/** RFC 2453 §3.8's timers and §3.10.1's triggered updates, to the nanosecond where the RFC fixes them. */
class RipTimersTest {
    static final int STUB1 = (10 << 24) + (1 << 16), STUB2 = (10 << 24) + (2 << 16);

    /** The RIP responses a router sent onto a network: {time, the message}. */
    record Sent(long time, RipMessage message) { }

    static List<Sent> tap(Network n, int port, elvis.sim.Simulator sim) {
        List<Sent> out = new ArrayList<>();
        n.addTap(new FrameTap() {
            @Override public void sent(Network net, int fromPort, Message f) {
                if (fromPort != port || f.u16(12) != 0x0800 || f.u8(23) != 17) return;
                int udp = 14 + (f.u8(14) & 0xF) * 4;
                if (f.u16(udp + 2) != RipMessage.PORT) return;
                RipMessage m = RipMessage.parse(f.slice(udp + 8, f.u16(udp + 4) - 8));
                if (m.command() == RipMessage.RESPONSE) out.add(new Sent(sim.now(), m));
            }
        });
        return out;
    }

    static int port(Machine m, int iface) { return Ipv4.of(m).iface(iface).device().port(); }

    static Integer metricIn(RipMessage m, int prefix) {
        for (RipMessage.Entry e : m.entries()) if (e.address() == prefix) return e.metric();
        return null;
    }

    @Test
    void updatesEveryThirtySecondsPlusOrMinusFiveThenTimeoutAt180AndGarbageCollectionAt120() {
        RipTest.Topology t = new RipTest.Topology(3, 2, RipConfig.DEFAULT);
        Network link = t.link(0, 1, MS);
        List<Sent> fromR1 = tap(link, port(t.routers.get(1), 1), t.sim.kernel());
        List<Sent> fromR0 = tap(t.stubs.get(0), port(t.routers.get(0), 0), t.sim.kernel());
        t.runFor(400 * S);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < fromR1.size(); i++) if (fromR1.get(i - 1).time() > 10 * S) gaps.add(fromR1.get(i).time() - fromR1.get(i - 1).time());
        assertThat(gaps).hasSizeGreaterThanOrEqualTo(10).allSatisfy(g -> assertThat(g).isBetween(25 * S, 35 * S));
        assertThat(gaps.stream().distinct().count()).as("jittered").isGreaterThan(gaps.size() / 2);

        t.rips.get(1).stop();                                               // r1 falls silent: r0 hears of it only by the timeout
        long heard = fromR1.getLast().time() + MS;                          // when r0 last heard r1
        Rip r0 = t.rips.get(0);
        t.sim.runUntil(heard + 180 * S - 1);
        assertThat(r0.metric(STUB1, 24)).isEqualTo(2);
        assertThat(rip(t.routers.get(0), STUB1)).isNotNull();
        int before = fromR0.size();
        t.sim.runUntil(heard + 180 * S);
        assertThat(r0.metric(STUB1, 24)).as("timed out at 180 s").isEqualTo(16);
        assertThat(rip(t.routers.get(0), STUB1)).as("and out of the forwarding table").isNull();
        t.runFor(0);
        assertThat(fromR0.subList(before, fromR0.size())).as("a triggered update says so at once")
                .anySatisfy(s -> assertThat(s.time()).isEqualTo(heard + 180 * S)).allSatisfy(s -> assertThat(metricIn(s.message(), STUB1)).isEqualTo(16));
        t.sim.runUntil(heard + 300 * S - 1);
        assertThat(r0.knows(STUB1, 24)).as("advertised at 16 during garbage collection").isTrue();
        assertThat(fromR0).filteredOn(s -> s.time() > heard + 181 * S).isNotEmpty()
                .allSatisfy(s -> assertThat(metricIn(s.message(), STUB1)).isEqualTo(16));
        t.sim.runUntil(heard + 300 * S);
        assertThat(r0.knows(STUB1, 24)).as("forgotten 120 s later").isFalse();
        int after = fromR0.size();
        t.runFor(100 * S);
        assertThat(fromR0.subList(after, fromR0.size())).isNotEmpty().allSatisfy(s -> assertThat(metricIn(s.message(), STUB1)).isNull());
    }

    @Test
    void aChangeIsSentAtOnceAndFurtherTriggeredUpdatesWaitOneToFiveSeconds() {
        RipTest.Topology t = new RipTest.Topology(4, 3, RipConfig.DEFAULT);
        t.link(0, 1, MS);
        t.link(1, 2, MS);
        t.runFor(100 * S + S / 2);
        Rip r0 = t.rips.get(0);
        assertThat(r0.metric(STUB2, 24)).isEqualTo(3);
        Network stub2 = t.stubs.get(2);
        int p = port(t.routers.get(2), 0);
        long t0 = t.sim.kernel().now();
        stub2.setPortUp(p, false);
        t.sim.runUntil(t0 + 2 * MS - 1);
        assertThat(r0.metric(STUB2, 24)).isEqualTo(3);
        t.sim.runUntil(t0 + 2 * MS);
        assertThat(r0.metric(STUB2, 24)).as("r2's and r1's triggered updates, each sent at once: two hops of 1 ms").isEqualTo(16);

        t.runFor(60 * S);                                                   // quiet again, every hold over
        Rip r2 = t.rips.get(2);
        long triggeredBefore = r2.triggeredUpdates(), start = t.sim.kernel().now();
        for (int i = 1; i <= 600; i++) {                                    // a flapping network: a change every 100 ms for 60 s
            boolean up = i % 2 == 0;
            t.sim.kernel().at(start + i * 100 * MS, () -> stub2.setPortUp(p, up));
        }
        t.sim.runUntil(start + 60 * S + 50 * MS);
        long triggered = r2.triggeredUpdates() - triggeredBefore;
        assertThat(triggered).as("600 changes: one triggered update per 1–5 s hold, not one per change").isBetween(60L / 5 - 1, 60L);
        for (Machine m : t.routers) assertThat(m.failures()).isEmpty();
    }

    static Route rip(Machine m, int prefix) {
        for (Route r : Ipv4.of(m).routes()) if (r.origin() == Origin.RIP && r.prefix() == prefix) return r;
        return null;
    }
}
