package elvis.web.video;

import elvis.dummynet.profile.BandwidthTrace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static elvis.web.video.VideoBed.MS;
import static elvis.web.video.VideoBed.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModNet's Fig. 10 shape (R-VID-5): the downlink steps from 4 Mbit/s to 500 kbit/s at 60 s; the
 * server has a 1 MB socket buffer and 10 s segments (Apple's recommendation then). How long until the
 * player receives frames of a bitrate the new rate sustains: with client-side ABR
 * (rate rule), with server truncation, with yank.
 */
class Fig10Test {
    static final long DROP = 60 * S, NEW_RATE = 500_000, ONE_WAY = 20 * MS;
    static final int BUFFER = 1 << 20;

    static BandwidthTrace stepDown() {
        try {
            return BandwidthTrace.parse("step", "0s 4Mbps\n60s 500Kbps\n600s\n", BandwidthTrace.End.HOLD);
        } catch (elvis.util.SourceError e) {
            throw new AssertionError(e);
        }
    }

    static VideoBed.Run run(VideoServer.Mode mode) {
        VideoContent v = new VideoContent(200 * S, 10 * S, VideoContent.DEFAULT_LADDER, 25, 0, 0);
        VideoBed.Setup s = new VideoBed.Setup(v, mode, BUFFER, stepDown(), 0, ONE_WAY, 50, 400 * S);
        return VideoBed.run(1, s, List.of(VideoBed.abrFor(mode)));
    }

    /**
     * Seconds from the drop until the first frame of a bitrate the new rate sustains (at most 500
     * kbit/s). Not merely "lower than before": a server may already step down one rung at the drop
     * (its estimate at the end of the previous response caught the first slow ACKs), which is not
     * yet an adaptation to the new rate.
     */
    static double reaction(VideoClient c) {
        for (VideoClient.Piece p : c.pieces()) if (p.timeNs() > DROP && p.kbps() * 1000L <= NEW_RATE) return (p.timeNs() - DROP) / 1e9;
        throw new AssertionError("the bitrate never went down to the new rate: " + c.pieces());
    }

    @Test
    void clientReactsSlowestTruncateAfterTheBufferDrainsYankAlmostAtOnce() {
        VideoBed.Run client = run(VideoServer.Mode.CLIENT), truncate = run(VideoServer.Mode.TRUNCATE), yank = run(VideoServer.Mode.YANK);
        for (VideoBed.Run r : List.of(client, truncate, yank)) assertThat(r.client().goalMet()).as(r.client().summary()).isTrue();
        double c = reaction(client.client()), t = reaction(truncate.client()), y = reaction(yank.client());
        assertThat(c).isGreaterThan(t);
        assertThat(t).isGreaterThan(y);

        // client: the 3000 kbit/s segment it asked for just after the drop (3.75 MB) must arrive whole first
        assertThat(c).isGreaterThan(0.9 * 3_750_000 * 8.0 / NEW_RATE);

        // truncate: from its cut, the socket buffer (1 MB) drains at the new rate, about 17 s
        VideoServer.Cut tc = truncate.server().cuts().getFirst();
        double drain = BUFFER * 8.0 / NEW_RATE;
        assertThat(t - (tc.timeNs() - DROP) / 1e9).isBetween(0.9 * drain, 1.2 * drain);

        // yank: detection, then only the bytes already sent drain; then a request's round trip and a frame
        VideoServer.Cut yc = yank.server().cuts().stream().filter(x -> x.timeNs() > DROP).findFirst().orElseThrow();
        double detection = (yc.timeNs() - DROP) / 1e9;
        assertThat(yc.yankedBytes()).isGreaterThan(500_000);
        assertThat(yc.inFlightBytes()).isPositive();
        double bound = detection + yc.inFlightBytes() * 8.0 / (0.95 * NEW_RATE) + 2 * 4 * ONE_WAY / 1e9 + 0.3;
        assertThat(y).isLessThanOrEqualTo(bound);
        // detection: the drop came while the player idled with a full buffer; the server saw it within a
        // second of the next request (the first response at the new rate's ACK spacing)
        long asked = yank.client().pieces().stream().filter(p -> p.timeNs() > DROP).findFirst().orElseThrow().timeNs();
        assertThat(yc.timeNs() - asked).isLessThan(1 * S);

        System.out.printf("Fig. 10 reaction: client %.2f s, truncate %.2f s, yank %.2f s (detection %.2f s, in flight %d B, yanked %d B)%n",
                c, t, y, detection, yc.inFlightBytes(), yc.yankedBytes());
    }

    @Test
    void yankRunsAreIdenticalOnRerun() {
        VideoBed.Run a = run(VideoServer.Mode.YANK), b = run(VideoServer.Mode.YANK);
        assertThat(a.client().pieces()).isEqualTo(b.client().pieces());
        assertThat(a.server().cuts()).isEqualTo(b.server().cuts());
        assertThat(a.client().results()).isEqualTo(b.client().results());
    }
}
