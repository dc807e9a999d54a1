package elvis.web.video;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static elvis.web.video.VideoBed.MS;
import static elvis.web.video.VideoBed.S;
import static org.assertj.core.api.Assertions.assertThat;

/** The server and players end to end, over TCP, in client mode. */
class VideoStreamingTest {
    /**
     * R-VID-6, the original Elvis's streaming test done right: one server, three players asking for
     * constant segments on one connection each; over a fixed virtual time each receives at least the
     * bytes it asked for, with correct framing (chunked, no stray CRLF), a real Host field.
     */
    @Test
    void threePlayersOfConstantSegmentsEachGetTheirBytes() {
        VideoContent v = new VideoContent(20 * S, 2 * S, new int[] {145, 365, 730}, 25, 0, 0);
        VideoBed.Setup s = new VideoBed.Setup(v, VideoServer.Mode.CLIENT, 1 << 20, null, 10_000_000, 10 * MS, 100, 30 * S);
        VideoBed.Run r = VideoBed.run(1, s, List.of(Abr.parse("fixed:145", 30 * S, 2 * S), Abr.parse("fixed:365", 30 * S, 2 * S), Abr.parse("fixed:730", 30 * S, 2 * S)));
        int[] kbps = {145, 365, 730};
        for (int i = 0; i < 3; i++) {
            VideoClient c = r.clients().get(i);
            assertThat(c.error()).as(c.summary()).isNull();
            assertThat(c.goalMet()).isTrue();
            long expected = 0;
            for (int seg = 0; seg < v.segments(); seg++) expected += v.segmentBytes(i, seg);
            assertThat(expected).isEqualTo(kbps[i] * 1000L / 8 * 20);
            assertThat(c.http().bodyBytes).isGreaterThan(expected);             // frames plus the playlists
            int rate = kbps[i];
            assertThat(c.pieces()).allSatisfy(p -> assertThat(p.kbps()).isEqualTo(rate));
            assertThat(c.pieces()).hasSize(10);                                // one run of 50 frames per segment
            assertThat(c.unexpectedFrames()).isZero();
            assertThat(c.truncatedResponses()).isZero();
            assertThat(c.player().stalls()).isEmpty();
            assertThat(c.averageKbps()).isEqualTo(kbps[i]);
        }
        assertThat(r.server().results().get("requests")).isEqualTo(3L * (2 + 10));
    }

    @Test
    void rateAbrClimbsTheLadderOnAFastLinkAndPlaysWithoutStalls() {
        VideoContent v = VideoContent.of(60 * S);
        VideoBed.Setup s = new VideoBed.Setup(v, VideoServer.Mode.CLIENT, 1 << 20, null, 8_000_000, 20 * MS, 50, 120 * S);
        VideoClient c = VideoBed.run(1, s, List.of(Abr.parse("rate", 30 * S, 2 * S))).client();
        assertThat(c.goalMet()).as(c.summary()).isTrue();
        assertThat(c.pieces().getFirst().kbps()).isEqualTo(145);
        assertThat(c.pieces().getLast().kbps()).isEqualTo(3000);               // 0.8 × 8 Mbit/s = 6.4 ≥ 3
        assertThat(c.player().stalls()).isEmpty();
        // the first 2 s segment of 145 kbit/s (36 KB) arrives in a few RTTs after the playlists
        assertThat(c.player().startupDelayNs()).isBetween(100 * MS, 1 * S);
        // playback ends a startup delay after the video's length
        assertThat(c.finishedAtNs()).isEqualTo(c.player().startupDelayNs() + 60 * S);
    }
}
