package elvis.link;

import elvis.dummynet.profile.BandwidthTrace;
import elvis.dummynet.profile.EmpiricalProfile;
import elvis.dummynet.profile.GilbertElliott;
import elvis.dummynet.profile.LinkConditions;
import elvis.util.SourceError;
import elvis.dummynet.profile.TraceGenerator;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static elvis.link.PipeTest.A;
import static elvis.link.PipeTest.B;
import static elvis.link.PipeTest.MS;
import static elvis.link.PipeTest.frameTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Delay profiles, bandwidth traces, Gilbert-Elliott loss, duplication and reordering on today's link pipes. */
class LinkConditionsPipeTest {
    static final long S = 1_000_000_000L;

    static EmpiricalProfile manPageProfile() throws SourceError {
        try (InputStream in = LinkConditionsPipeTest.class.getResourceAsStream("/profile/manpage-example.profile")) {
            return EmpiricalProfile.parse("manpage-example.profile", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Start times of every frame the pipe transmits, from a tap. */
    static List<Long> starts(Network net) {
        List<Long> starts = new ArrayList<>();
        net.addTap(new FrameTap() {
            @Override public void transmitting(Network n, int fromPort, Message frame, long startNs) { starts.add(startNs); }
        });
        return starts;
    }

    @Test
    void theManPageProfileAtOneMegabitLosesFourteenPercentAndAddsItsMeanBusyTime() throws SourceError {
        // R-DN-9: 1 Mbit/s, 1,500-byte packets, saturated (all offered at once, no queue limit).
        int n = 20_000;
        LinkConfig config = LinkConfig.UNLIMITED.withBandwidth(1_000_000)
                .withConditions(new LinkConditions(manPageProfile(), null, null, 0, 0, 0));
        PipeTest.Link l = PipeTest.link(config, 42);
        List<Long> starts = starts(l.net());
        for (int i = 0; i < n; i++) l.net().transmit(l.portA(), frameTo(B, 1500));
        l.sim().run();
        Pipe pipe = l.net().pipe(1);
        LinkConditions.State s = pipe.conditionState();
        double loss = (double) s.profileDrops() / n;
        assertThat(loss).isCloseTo(0.14, within(0.01));
        assertThat(l.atB().times).hasSize(n - (int) s.profileDrops());
        assertThat(pipe.stats().droppedLoss()).isEqualTo(s.profileDrops());    // counted as loss, told apart by the state
        double meanExtraMs = (double) s.profileBusyNs() / n / MS;
        assertThat(meanExtraMs).isCloseTo(540, within(540 * 0.03));               // 535 exactly for the 100-sample curve
        assertThat(starts).hasSize(n);
        double interDepartureMs = (double) (starts.getLast() - starts.getFirst()) / (n - 1) / MS;
        assertThat(interDepartureMs).isCloseTo(12 + 540, within(552 * 0.03));
        // the busy time is the line's, frame by frame (the span leaves out the last frame's, at most 1.3 s / n)
        assertThat(interDepartureMs).isCloseTo(12 + meanExtraMs, within(1300.0 / n));
    }

    @Test
    void aFrameAcrossARateChangeIsSentAtEachRateInTurn() {
        // 1 Mbit/s for 5 ms, then 2 Mbit/s: 1,500 bytes (12,000 bits) started at 0 send 5,000 bits by 5 ms
        // and the other 7,000 at 2 Mbit/s in 3.5 ms: done at 8.5 ms. The next frame: 12,000 bits at 2 Mbit/s = 6 ms.
        BandwidthTrace t = new BandwidthTraceBuilder().at(0, 1_000_000).at(5 * MS, 2_000_000).end(1 * S);
        PipeTest.Link l = PipeTest.link(LinkConfig.UNLIMITED.withDelay(10 * MS).withConditions(new LinkConditions(null, t, null, 0, 0, 0)), 1);
        l.net().transmit(l.portA(), frameTo(B, 1500));
        l.net().transmit(l.portA(), frameTo(B, 1500));
        l.sim().run();
        assertThat(l.atB().times).containsExactly(18_500_000L, 24_500_000L);
    }

    @Test
    void aLoopedTraceRepeatsAndAHeldOneKeepsItsLastRate() {
        // 1 Mbit/s for 10 ms, then 0 (an outage) until 20 ms; a frame of 12,000 bits offered at 0.
        BandwidthTraceBuilder b = new BandwidthTraceBuilder().at(0, 1_000_000).at(10 * MS, 0);
        // looped: 10,000 bits by 10 ms, nothing until 20, the rest (2,000 bits) from 20 ms: 22 ms.
        assertThat(b.end(20 * MS).finish(0, 12_000)).isEqualTo(22 * MS);
        BandwidthTrace held = new BandwidthTraceBuilder().at(0, 0).at(10 * MS, 1_000_000).end(20 * MS).withEnd(BandwidthTrace.End.HOLD);
        assertThat(held.finish(0, 12_000)).isEqualTo(22 * MS);          // rate 0, then 1 Mbit/s past the end: 10 + 12 ms
        assertThat(held.finish(1 * S, 1_000)).isEqualTo(1 * S + 1 * MS);
        assertThatThrownBy(() -> b.end(20 * MS).withEnd(BandwidthTrace.End.HOLD)).hasMessageContaining("never send again");
    }

    @Test
    void theCursorAndTheStatelessLineRateAgreeFrameByFrame() throws SourceError {
        BandwidthTrace t = TraceGenerator.parse("gen:mean=1.5Mbps,cv=0.6,duration=30s,step=100ms,seed=9", "spec", 1, 1, BandwidthTrace.End.LOOP);
        BandwidthTrace.Cursor c = t.cursor();
        elvis.sim.RandomStream r = new elvis.sim.RandomStream(5);
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            int bits = 8 * (64 + (int) r.nextLong(1437));
            long a = c.finish(now, bits);
            assertThat(a).isEqualTo(t.finish(now, bits));
            // capacity is the inverse: over [start, finish) the line could send the frame's bits (within a bit's rounding)
            assertThat(t.capacity(now, a)).isBetween(bits - 1L, bits + 1L + t.bitsPerSecond(a) / 1_000_000_000L + 1);
            now = r.chance(0.1) ? a + r.nextLong(5 * S) : a;
        }
    }

    @Test
    void gilbertElliottLossMatchesItsStationaryRateAndComesInBursts() {
        GilbertElliott ge = new GilbertElliott(0.01, 0.3, 0.8, 0.001);
        double expected = ge.stationaryLoss();          // (0.3·0.001 + 0.01·0.8) / 0.31
        assertThat(expected).isCloseTo(0.0267742, within(1e-6));
        int n = 400_000;
        PipeTest.Link l = PipeTest.link(LinkConfig.UNLIMITED.withConditions(new LinkConditions(null, null, ge, 0, 0, 0)), 3);
        for (int i = 0; i < n; i++) l.net().transmit(l.portA(), numbered(i));
        l.sim().run();
        long lost = l.net().pipe(1).conditionState().lossModelDrops();
        assertThat((double) lost / n).isCloseTo(expected, within(expected * 0.05));
        assertThat(l.net().stats().droppedLoss()).isEqualTo(lost).isEqualTo(n - l.atB().frames.size());
        // Runs of consecutive losses: in the bad state (mean stay 1/r ≈ 3.3 frames, 80% lost) they are long;
        // a Bernoulli link of the same rate would give a mean run of 1/(1 − loss) ≈ 1.03.
        long runs = 0;
        int previous = -1;
        for (Message m : l.atB().frames) {
            int i = m.i32(14);
            if (i > previous + 1) runs++;
            previous = i;
        }
        if (previous < n - 1) runs++;
        assertThat((double) lost / runs).isGreaterThan(2.0);
    }

    static Message numbered(int i) {
        byte[] body = new byte[100];
        body[0] = (byte) (i >>> 24); body[1] = (byte) (i >>> 16); body[2] = (byte) (i >>> 8); body[3] = (byte) i;
        return frameTo(B, 14).concat(Message.wrap(body));
    }

    @Test
    void duplicationAndReorderingCountsMatchTheirProbabilities() {
        int n = 100_000;
        LinkConfig c = LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(1 * MS).with(LinkConfig.DUPLICATE, 0.02)
                .with(LinkConfig.REORDER_DELAY, 2 * MS).with(LinkConfig.REORDER, 0.05);
        PipeTest.Link l = PipeTest.link(c, 11);
        for (int i = 0; i < n; i++) l.net().transmit(l.portA(), numbered(i));
        l.sim().run();
        LinkConditions.State s = l.net().pipe(1).conditionState();
        assertThat((double) s.duplicated() / n).isCloseTo(0.02, within(0.002));
        assertThat((double) s.reordered() / n).isCloseTo(0.05, within(0.003));
        assertThat(l.atB().frames).hasSize(n + (int) s.duplicated());
        java.util.Set<Integer> late = new java.util.HashSet<>();
        int previous = -1;
        for (Message m : l.atB().frames) {
            int i = m.i32(14);
            if (i < previous) late.add(i);        // a reordered frame (or its duplicate, which comes with it)
            previous = Math.max(previous, i);
        }
        // 2 ms of reorder delay at 100 Mbit/s (9.44 µs per 118-byte frame) lets later frames overtake: each reordered frame arrives late.
        assertThat(late).hasSize((int) s.reordered());
    }
}
