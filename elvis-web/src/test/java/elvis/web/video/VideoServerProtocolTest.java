package elvis.web.video;

import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.link.LinkConfig;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.RandomStream;
import elvis.socket.ProgramApplication;
import elvis.socket.StreamSocket;
import elvis.web.http.HttpError;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpParser;
import elvis.web.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static elvis.web.video.VideoBed.MS;
import static elvis.web.video.VideoBed.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** video_server's wire behaviour against raw bytes, its failures, and its NDL arguments. */
class VideoServerProtocolTest {
    static final int SERVER = Ipv4Address.parse("10.0.0.1");

    /** Sends each request on its own connection, a second apart, from a blocking program, then reads until the server closes. */
    static List<Message> exchange(VideoServer server, String... requests) {
        Simulation sim = new Simulation(1);
        var lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(1 * MS));
        Machine tv = sim.machine("tv"), user = sim.machine("user");
        sim.connect(tv, lan, "10.0.0.1/24");
        sim.connect(user, lan, "10.0.0.2/24");
        tv.addApplication(server);
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < requests.length; i++) received.add(null);
        for (int i = 0; i < requests.length; i++) {
            boolean leave = requests[i].startsWith("!");           // '!': close at once, the response unread (a reset)
            String request = leave ? requests[i].substring(1) : requests[i];
            long start = i * S;
            int index = i;
            user.addApplication(new ProgramApplication("raw", self -> {
                self.sleep(start);
                StreamSocket s = self.streamSocket();
                s.connect(SERVER, 80);
                s.sendAll(Message.ofUtf8(request));
                Message all = Message.EMPTY;
                if (leave) self.sleep(50 * MS);
                else for (Message m; !(m = s.recv(65536)).isEmpty(); ) all = all.concat(m);
                received.set(index, all);
                s.close();
            }));
        }
        sim.runUntil(60 * S);
        sim.shutdown();
        return received;
    }

    record Parsed(List<HttpResponse> heads, List<Message> bodies) { }

    static Parsed parse(Message wire) {
        List<HttpResponse> heads = new ArrayList<>();
        List<Message> bodies = new ArrayList<>();
        HttpParser p = HttpParser.forResponses(HttpLimits.DEFAULT, new HttpParser.Listener() {
            @Override public void responseHead(HttpResponse h) { heads.add(h); bodies.add(Message.EMPTY); }
            @Override public void body(Message part) { bodies.set(bodies.size() - 1, bodies.getLast().concat(part)); }
            @Override public void end() { }
            @Override public void error(HttpError e) { throw new AssertionError(e); }
        });
        p.feed(wire);
        p.finish();
        return new Parsed(heads, bodies);
    }

    static VideoServer server(VideoServer.Mode mode) {
        return new VideoServer(VideoServer.Config.of(80, new VideoContent(20 * S, 2 * S, VideoContent.DEFAULT_LADDER, 25, 0, 0), mode));
    }

    @Test
    void playlistsNotFoundAndAChunkedSegmentOnOneConnection() {
        VideoServer server = server(VideoServer.Mode.CLIENT);
        Message wire = exchange(server, "GET /video.m3u8 HTTP/1.1\r\nHost: tv\r\n\r\n"
                + "GET /seg/146/0 HTTP/1.1\r\nHost: tv\r\n\r\n"
                + "GET /seg/145/10 HTTP/1.1\r\nHost: tv\r\n\r\n"
                + "GET /seg/auto/1 HTTP/1.1\r\nHost: tv\r\n\r\n"
                + "GET /seg/365/9 HTTP/1.1\r\nHost: tv\r\nConnection: close\r\n\r\n").getFirst();
        Parsed p = parse(wire);
        assertThat(p.heads()).extracting(HttpResponse::status).containsExactly(200, 404, 404, 404, 200);
        assertThat(p.bodies().getFirst().toUtf8()).startsWith("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=145000,FRAME-RATE=25.000\n/video/145.m3u8\n");
        HttpResponse seg = p.heads().getLast();
        assertThat(seg.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(seg.headers().has("Content-Length")).isFalse();
        assertThat(seg.headers().get("Connection")).isEqualTo("close");
        assertThat(wire.toUtf8()).endsWith("\r\n0\r\n\r\n");
        List<int[]> frames = new ArrayList<>();
        FrameReader r = new FrameReader((kbps, segment, frame, fps, length) -> frames.add(new int[] {kbps, segment, frame}));
        r.feed(p.bodies().getLast());
        assertThat(frames).hasSize(50);
        assertThat(frames.getFirst()).containsExactly(365, 9, 0);
        assertThat(frames.getLast()).containsExactly(365, 9, 49);
        assertThat(p.bodies().getLast().length()).isEqualTo(365_000 * 2 / 8);
    }

    @Test
    void garbageGetsA400AndTheServerGoesOnAfterAClientLeavesMidSegment() {
        VideoServer server = server(VideoServer.Mode.YANK);
        List<Message> got = exchange(server, "BLAH\r\n\r\n", "!GET /seg/auto/0 HTTP/1.1\r\nHost: tv\r\n\r\n",
                "POST /video.m3u8 HTTP/1.1\r\nHost: tv\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(parse(got.get(0)).heads()).extracting(HttpResponse::status).containsExactly(400);
        assertThat(parse(got.get(2)).heads()).extracting(HttpResponse::status).containsExactly(405);
        assertThat(server.results().get("bad_requests")).isEqualTo(1L);
    }

    @Test
    void ndlArgumentsAreCheckedWithTheirKey() {
        ApplicationFactory f = new VideoFactories.Server(), c = new VideoFactories.Client();
        ApplicationFactory.Context ctx = ApplicationFactory.Context.of(n -> n.equals("tv") ? SERVER : -1, java.nio.file.Path.of("."));
        assertThat(key(f, ctx, "ladder", "145,abc")).isEqualTo("ladder");
        assertThat(key(f, ctx, "ladder", "300,200")).isEqualTo("ladder");
        assertThat(key(f, ctx, "segment", "1.01s")).isEqualTo("segment");
        assertThat(key(f, ctx, "vbr", "1")).isEqualTo("vbr");
        assertThat(key(f, ctx, "send_buffer", "100")).isEqualTo("send_buffer");
        assertThat(key(c, ctx, "server", "tv", "abr", "bola")).isEqualTo("abr");
        assertThat(key(c, ctx, "server", "nowhere")).isEqualTo("server");
        VideoServer s = (VideoServer) f.create(Arguments.of("mode", "truncate", "segment", "10s", "duration", "300s"), ctx);
        assertThat(s.config().mode()).isEqualTo(VideoServer.Mode.TRUNCATE);
        assertThat(s.config().content().segments()).isEqualTo(30);
        assertThat(s.config().sendBuffer()).isEqualTo(1 << 20);
        VideoClient v = (VideoClient) c.create(Arguments.of("server", "tv", "abr", "fixed:730", "startup", "2"), ctx);
        assertThat(v.config().abr()).isEqualTo(new Abr.Fixed(730));
        assertThat(v.config().startupSegments()).isEqualTo(2);
    }

    static String key(ApplicationFactory f, ApplicationFactory.Context ctx, String... kv) {
        try {
            f.create(Arguments.of(kv), ctx);
        } catch (Arguments.ArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.key();
        }
        throw new AssertionError("no error for " + String.join(" ", kv));
    }

    /** The player's parsers take whatever a server sends: a mutated playlist or frame stream is an error or a result, never an exception. */
    @Test
    void fuzzedPlaylistsAndFrameStreamsNeverThrow() {
        int rounds = Integer.getInteger("fuzz.video", 3_000);
        RandomStream r = new RandomStream(18);
        VideoContent v = VideoContent.of(10 * S);
        byte[] master = v.masterPlaylist().getBytes(), media = v.mediaPlaylist(2).getBytes();
        Message frames = Message.EMPTY;
        for (int f = 0; f < 10; f++) frames = frames.concat(v.frame(0, 0, f));
        byte[] stream = frames.toByteArray();
        for (int i = 0; i < rounds; i++) {
            String m = new String(mutate(master, r)), d = new String(mutate(media, r));
            try { Playlists.master(m); } catch (Playlists.BadPlaylist expected) { }
            try { Playlists.segmentFrames(d, 25); } catch (Playlists.BadPlaylist expected) { }
            FrameReader fr = new FrameReader((kbps, segment, frame, fps, length) -> { });
            byte[] s = mutate(stream, r);
            for (int at = 0; at < s.length; at += 1 + (int) r.nextLong(900)) fr.feed(Message.wrap(s, at, Math.min(s.length - at, 1 + (int) r.nextLong(900))));
        }
        assertThatThrownBy(() -> Playlists.master("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=x\n")).isInstanceOf(Playlists.BadPlaylist.class);
    }

    static byte[] mutate(byte[] in, RandomStream r) {
        byte[] b = in.clone();
        int n = 1 + (int) r.nextLong(8);
        for (int k = 0; k < n; k++) {
            int at = (int) r.nextLong(b.length);
            switch ((int) r.nextLong(3)) {
                case 0 -> b[at] = (byte) (int) r.nextLong(256);
                case 1 -> b[at] = (byte) "0123456789,.=:#\n-".charAt((int) r.nextLong(17));
                default -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
            }
        }
        return b;
    }
}
