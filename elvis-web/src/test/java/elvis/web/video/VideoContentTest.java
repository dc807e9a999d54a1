package elvis.web.video;

import elvis.message.Message;
import elvis.web.http.Chunked;
import elvis.web.http.HttpParser;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpError;
import elvis.web.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.web.video.VideoContent.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoContentTest {
    @Test
    void segmentSizeIsBitrateTimesDurationOverEightSplitOverTheFrames() {
        VideoContent v = VideoContent.of(61 * SECOND);              // 30 segments of 2 s and one of 1 s
        assertThat(v.segments()).isEqualTo(31);
        assertThat(v.framesPerSegment()).isEqualTo(50);
        assertThat(v.framesIn(30)).isEqualTo(25);
        assertThat(v.totalFrames()).isEqualTo(61 * 25);
        assertThat(v.segmentBytes(2, 0)).isEqualTo(730_000L * 2 / 8);      // 182,500
        assertThat(v.segmentBytes(5, 30)).isEqualTo(3_000_000L / 8);       // the short last one
        long sum = 0;
        for (int f = 0; f < 50; f++) sum += v.frameBytes(2, 0, f);
        assertThat(sum).isEqualTo(182_500);
        assertThat(v.frameBytes(2, 0, 0)).isEqualTo(3650);
        assertThat(v.frame(2, 0, 0).length()).isEqualTo(3650);
    }

    @Test
    void tenSecondSegmentsAsAppleRecommends() {
        VideoContent v = new VideoContent(300 * SECOND, 10 * SECOND, VideoContent.DEFAULT_LADDER, 25, 0, 0);
        assertThat(v.segments()).isEqualTo(30);
        assertThat(v.framesPerSegment()).isEqualTo(250);
        assertThat(v.segmentBytes(5, 3)).isEqualTo(3_750_000);
        assertThat(v.mediaPlaylist(0)).contains("#EXT-X-TARGETDURATION:10\n").contains("#EXTINF:10.0,\n/seg/145/29\n");
    }

    @Test
    void vbrFactorsAreSeededAndWithinTheirRange() {
        VideoContent a = new VideoContent(100 * SECOND, 2 * SECOND, VideoContent.DEFAULT_LADDER, 25, 0.3, 7);
        VideoContent b = new VideoContent(100 * SECOND, 2 * SECOND, VideoContent.DEFAULT_LADDER, 25, 0.3, 7);
        boolean differs = false;
        for (int s = 0; s < a.segments(); s++) {
            assertThat(a.segmentBytes(3, s)).isEqualTo(b.segmentBytes(3, s)).isBetween(192_500L, 357_500L);
            // one factor per segment for every bitrate
            assertThat((double) a.segmentBytes(0, s) / a.segmentBytes(5, s)).isCloseTo(145.0 / 3000, org.assertj.core.data.Offset.offset(1e-4));
            differs |= a.segmentBytes(3, s) != 275_000;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void eachFrameSaysWhatItIsAndTheReaderFindsThemInAnySegmentation() {
        VideoContent v = VideoContent.of(4 * SECOND);
        Message all = Message.EMPTY;
        for (int f = 0; f < 50; f++) all = all.concat(v.frame(f < 20 ? 1 : 4, 1, f));
        List<int[]> seen = new ArrayList<>();
        FrameReader r = new FrameReader((kbps, segment, frame, fps, length) -> seen.add(new int[] {kbps, segment, frame, fps, length}));
        for (int at = 0; at < all.length(); at += 777) r.feed(all.slice(at, Math.min(777, all.length() - at)));
        assertThat(r.error()).isNull();
        assertThat(r.atBoundary()).isTrue();
        assertThat(seen).hasSize(50);
        assertThat(seen.get(19)).containsExactly(365, 1, 19, 25, v.frameBytes(1, 1, 19));
        assertThat(seen.get(20)).containsExactly(2000, 1, 20, 25, v.frameBytes(4, 1, 20));
    }

    @Test
    void aStrayByteBreaksTheFraming() {
        FrameReader r = new FrameReader((kbps, segment, frame, fps, length) -> { });
        r.feed(Message.ofUtf8("\r\nV"));
        assertThat(r.error()).contains("byte 13");
    }

    @Test
    void chunkedFramesParseBackToTheSameBody() {
        VideoContent v = VideoContent.of(2 * SECOND);
        Message wire = new HttpResponse(200, "OK", 1, new elvis.web.http.HttpHeaders().add("Transfer-Encoding", "chunked"), Message.EMPTY).encode(false);
        Message body = Message.EMPTY;
        for (int f = 0; f < 50; f++) {
            wire = wire.concat(Chunked.chunk(v.frame(0, 0, f)));
            body = body.concat(v.frame(0, 0, f));
        }
        wire = wire.concat(Chunked.LAST);
        assertThat(wire.toUtf8()).doesNotContain("Content-Length");
        List<Message> parts = new ArrayList<>();
        boolean[] ended = {false};
        HttpParser p = HttpParser.forResponses(HttpLimits.DEFAULT, new HttpParser.Listener() {
            @Override public void body(Message part) { parts.add(part); }
            @Override public void end() { ended[0] = true; }
            @Override public void error(HttpError e) { throw new AssertionError(e); }
        });
        p.feed(wire);
        assertThat(ended[0]).isTrue();
        assertThat(Message.concat(parts.toArray(Message[]::new), parts.size()).contentEquals(body)).isTrue();
        assertThat(VideoServer.chunkStartsFrame(Chunked.chunk(v.frame(0, 0, 3)), 0)).isTrue();
        assertThat(VideoServer.chunkStartsFrame(v.frame(0, 0, 3), 0)).isFalse();
    }

    @Test
    void playlistsRoundTrip() throws Exception {
        VideoContent v = new VideoContent(61 * SECOND, 2 * SECOND, VideoContent.DEFAULT_LADDER, 25, 0, 0);
        Playlists.Master m = Playlists.master(v.masterPlaylist());
        assertThat(m.ladderKbps()).containsExactly(VideoContent.DEFAULT_LADDER);
        assertThat(m.fps()).isEqualTo(25);
        int[] frames = Playlists.segmentFrames(v.mediaPlaylist(3), 25);
        assertThat(frames).hasSize(31);
        assertThat(frames[0]).isEqualTo(50);
        assertThat(frames[30]).isEqualTo(25);
        assertThatThrownBy(() -> Playlists.master("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1500,FRAME-RATE=25\n")).hasMessageContaining("whole kbit/s");
        assertThatThrownBy(() -> Playlists.segmentFrames("nothing", 25)).hasMessageContaining("#EXTM3U");
    }

    @Test
    void impossibleContentIsRefusedWithAReason() {
        assertThatThrownBy(() -> new VideoContent(10 * SECOND, 2 * SECOND, new int[] {2}, 25, 0, 0)).hasMessageContaining("smaller than their 16-byte header");
        assertThatThrownBy(() -> new VideoContent(10 * SECOND, 2 * SECOND + 1, VideoContent.DEFAULT_LADDER, 25, 0, 0)).hasMessageContaining("whole number of frames");
        assertThatThrownBy(() -> new VideoContent(10 * SECOND, 2 * SECOND, new int[] {300, 200}, 25, 0, 0)).hasMessageContaining("increasing");
        assertThatThrownBy(() -> new VideoContent(10 * SECOND, 2 * SECOND, VideoContent.DEFAULT_LADDER, 25, 1, 0)).hasMessageContaining("vbr");
    }
}
