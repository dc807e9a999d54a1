package elvis.sim.trace;

import elvis.sim.Simulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TracingTest {
    static final class Keep implements TraceSink {
        final List<String> got = new ArrayList<>();
        @Override public void value(long t, TraceSource s, long v) { got.add(t + " " + s.path() + " " + v); }
        @Override public void text(long t, TraceSource s, String v) { got.add(t + " " + s.path() + " " + v); }
    }

    @Test
    void aSourceExistsOnlyWhenSomeoneWantsItAndReachesEachSinkOnce() {
        Simulator sim = Simulator.sequential(1);
        Tracing t = Tracing.of(sim);
        assertThat(t.active()).isFalse();
        assertThat(t.source("a/cwnd", TraceUnit.BYTES)).isNull();
        Keep one = new Keep(), two = new Keep();
        t.subscribe(new Glob("*/cwnd"), one);
        t.subscribe(new Glob("a/*"), one);                     // overlaps the first: still once
        t.subscribe(new Glob("a/cwnd"), two);
        assertThat(t.active()).isTrue();
        assertThat(Tracing.of(sim)).isSameAs(t);
        assertThat(t.source("b/srtt", TraceUnit.NANOSECONDS)).isNull();
        TraceSource cwnd = t.source("a/cwnd", TraceUnit.BYTES);
        assertThat(cwnd.unit()).isEqualTo(TraceUnit.BYTES);
        cwnd.value(5, 4344);
        t.source("b/cwnd", TraceUnit.BYTES).value(6, 1);
        t.source("a/drop", TraceUnit.TEXT).text(7, "no_port");
        assertThat(one.got).containsExactly("5 a/cwnd 4344", "6 b/cwnd 1", "7 a/drop no_port");
        assertThat(two.got).containsExactly("5 a/cwnd 4344");
        assertThat(t.cached("a/drop", TraceUnit.TEXT)).isSameAs(t.cached("a/drop", TraceUnit.TEXT));
        assertThat(t.cached("c/drop", TraceUnit.TEXT)).isNull();
    }

    @Test
    void eachKernelHasItsOwn() {
        Tracing a = Tracing.of(Simulator.sequential(1)), b = Tracing.of(Simulator.sequential(1));
        a.subscribe(new Glob("*"), new Keep());
        assertThat(b.active()).isFalse();
    }
}
