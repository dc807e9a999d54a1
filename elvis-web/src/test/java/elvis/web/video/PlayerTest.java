package elvis.web.video;

import org.junit.jupiter.api.Test;

import static elvis.web.video.VideoContent.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

/** The playout arithmetic, worked by hand. */
class PlayerTest {
    static final long MS = 1_000_000;

    @Test
    void startsAfterOneSegmentThenPlaysInRealTime() {
        Player p = new Player(0, 10 * SECOND, 2 * SECOND, 2 * SECOND);
        p.received(500 * MS, 1 * SECOND);
        assertThat(p.started()).isFalse();
        p.received(1500 * MS, 1 * SECOND);                 // 2 s buffered: plays from 1.5 s
        assertThat(p.startupDelayNs()).isEqualTo(1500 * MS);
        p.advance(2500 * MS);
        assertThat(p.bufferNs()).isEqualTo(1 * SECOND);
        assertThat(p.playedNs()).isEqualTo(1 * SECOND);
        assertThat(p.stalls()).isEmpty();
    }

    @Test
    void aStallBeginsWhenTheBufferRunsDryAndEndsAfterOneSegment() {
        Player p = new Player(0, 10 * SECOND, 2 * SECOND, 2 * SECOND);
        p.received(1 * SECOND, 2 * SECOND);                // plays from 1 s, dry at 3 s
        p.received(4 * SECOND, 1 * SECOND);                // 1 s buffered: not enough to resume
        assertThat(p.stalled()).isTrue();
        assertThat(p.rebufferNs()).isEqualTo(1 * SECOND);  // 3 s → 4 s so far
        p.received(6 * SECOND, 1 * SECOND);                // 2 s: resumes at 6 s
        assertThat(p.stalls()).containsExactly(new Player.Stall(3 * SECOND, 3 * SECOND));
        assertThat(p.rebufferNs()).isEqualTo(3 * SECOND);
        assertThat(p.playing()).isTrue();
        assertThat(p.bufferAt(7 * SECOND)).isEqualTo(1 * SECOND);
    }

    @Test
    void theRestOfTheVideoResumesEvenWhenShorterThanASegment() {
        Player p = new Player(0, 5 * SECOND, 2 * SECOND, 2 * SECOND);
        p.received(0, 4 * SECOND);                          // plays 0 → 4, dry at 4 s
        p.received(6 * SECOND, 1 * SECOND);                 // the last second: resumes at once
        assertThat(p.stalls()).containsExactly(new Player.Stall(4 * SECOND, 2 * SECOND));
        assertThat(p.endNs()).isEqualTo(7 * SECOND);
        p.advance(8 * SECOND);
        assertThat(p.endNs()).isEqualTo(7 * SECOND);
        assertThat(p.stalled()).isFalse();                  // the end is no stall
    }

    @Test
    void startupCountsFromTheOriginAndKSegments() {
        Player p = new Player(10 * SECOND, 20 * SECOND, 4 * SECOND, 2 * SECOND);    // k = 2 segments of 2 s
        p.received(11 * SECOND, 2 * SECOND);
        assertThat(p.started()).isFalse();
        p.received(13 * SECOND, 2 * SECOND);
        assertThat(p.startupDelayNs()).isEqualTo(3 * SECOND);
    }
}
