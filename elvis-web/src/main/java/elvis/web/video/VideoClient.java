package elvis.web.video;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.ErrnoException;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.web.http.BlockingHttpClient;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpException;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code video_client} (R-VID-3): a video player on one persistent HTTP/1.1 connection, a blocking
 * process. It reads the master playlist (ladder, frame rate) and a media playlist (segments), then
 * asks for segment after segment with its {@link Abr} rule, feeding each frame to its {@link Player}
 * the moment the frame's last byte arrives. It stops asking while the buffer holds more than
 * {@code maxBufferNs} minus one segment, and ends when every frame has arrived.
 *
 * <p>It takes whatever frames a response carries: a server in truncate or yank mode may end a
 * response early and send the missing frames first in the next one, possibly at another bitrate.
 * Records: startup delay, stalls, rebuffering, the bitrate of each run of frames with the time it
 * arrived, switches, the average bitrate over media time, bytes, truncated responses.
 */
public final class VideoClient implements Application {
    /**
     * @param startupSegments segments to buffer before playing (1; 2 for old VLC)
     * @param maxBufferNs     buffer beyond which the player stops asking
     * @param startNs         when the player starts (virtual time)
     */
    public record Config(int server, int port, String host, Abr abr, int startupSegments, long maxBufferNs, long startNs) {
        public Config {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
            Objects.requireNonNull(host);
            Objects.requireNonNull(abr);
            if (startupSegments < 1) throw new IllegalArgumentException("startup needs at least one segment");
            if (maxBufferNs <= 0) throw new IllegalArgumentException("the maximum buffer must be above 0");
            if (startNs < 0) throw new IllegalArgumentException("start must not be negative");
        }
    }

    /** A run of frames of one segment at one bitrate from one response: when its first frame was complete, and how many. */
    public record Piece(long timeNs, int segment, int kbps, int frames) { }

    private final Config config;
    private final HttpCounters http = new HttpCounters();
    private Player player;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<Double> throughputs = new ArrayList<>();
    private int fps;
    private int[] ladder;
    private int[] segmentFrames;
    private long totalFrames, framesReceived, bitrateFrames;   // bitrateFrames: Σ kbps × frames
    private long unexpectedFrames, truncated, responses;
    private String error;
    private long finishedNs = -1;
    private int expectSegment, expectFrame;
    private boolean pieceOpen;                 // the last piece belongs to the response being read

    public VideoClient(Config config) { this.config = Objects.requireNonNull(config); }

    @Override public String name() { return "video_client"; }

    public Config config() { return config; }

    @Override
    public void start(Machine machine) {
        Process.spawn(machine, this, self -> {
            if (config.startNs() > 0) self.sleep(config.startNs());
            StreamSocket s = self.streamSocket();
            try {
                play(self, s);
            } catch (ErrnoException e) {
                error = "connection: " + e.getMessage();
            } catch (HttpException e) {
                error = "http: " + e.kind().key();
            } catch (Playlists.BadPlaylist e) {
                error = "playlist: " + e.getMessage();
            } finally {
                s.close();
            }
        });
    }

    private void play(Process self, StreamSocket s) throws Playlists.BadPlaylist {
        long origin = self.now();
        s.connect(config.server(), config.port());
        BlockingHttpClient client = new BlockingHttpClient(s, HttpLimits.DEFAULT, http);
        Playlists.Master master = Playlists.master(text(fetch(client, "/video.m3u8")));
        ladder = master.ladderKbps();
        fps = master.fps();
        segmentFrames = Playlists.segmentFrames(text(fetch(client, "/video/" + ladder[0] + ".m3u8")), fps);
        for (int f : segmentFrames) totalFrames += f;
        long startup = 0;
        for (int i = 0; i < Math.min(config.startupSegments(), segmentFrames.length); i++) startup += segmentFrames[i];
        player = new Player(origin, media(totalFrames), media(startup), media(segmentFrames[0]));
        FrameReader reader = new FrameReader(this::frame);
        int n = 0;
        while (framesReceived < totalFrames) {
            if (n >= segmentFrames.length && config.abr() != Abr.SERVER) throw new Playlists.BadPlaylist("the server sent fewer frames than its playlist lists");
            long room = config.maxBufferNs() - media(segmentFrames[Math.min(n, segmentFrames.length - 1)]);
            long buffered = player.bufferAt(self.now());
            if (player.playing() && buffered > room) self.sleep(buffered - room);
            int rung = config.abr().choose(new Abr.Inputs(ladder, throughputs.stream().mapToDouble(Double::doubleValue).toArray(), player.bufferAt(self.now())));
            int segment = Math.min(n, segmentFrames.length);
            String target = "/seg/" + (rung < 0 ? "auto" : String.valueOf(ladder[rung])) + "/" + segment;
            long asked = self.now();
            long before = http.bodyBytes;
            HttpResponse head = client.sendRequest(HttpRequest.get(target, config.host()));
            if (head.status() != 200) {
                while (client.readBody() != null) { }
                throw new Playlists.BadPlaylist(target + " answered " + head.status());
            }
            responses++;
            pieceOpen = false;
            for (Message part; (part = client.readBody()) != null; ) {
                reader.feed(part);
                if (reader.error() != null) throw new Playlists.BadPlaylist(target + ": " + reader.error());
            }
            if (!reader.atBoundary()) throw new Playlists.BadPlaylist(target + " ended inside a frame");
            long bytes = http.bodyBytes - before;
            throughputs.add(bytes * 8e9 / Math.max(1, self.now() - asked));
            if (segment < segmentFrames.length && expectSegment <= segment) truncated++;   // its last frame did not come
            n++;
        }
        player.advance(self.now());
        finishedNs = player.endNs();
    }

    private static HttpResponse fetch(BlockingHttpClient c, String target) throws Playlists.BadPlaylist {
        HttpResponse r = c.fetch(HttpRequest.get(target, "video"));
        if (r.status() != 200) throw new Playlists.BadPlaylist(target + " answered " + r.status());
        return r;
    }

    private static String text(HttpResponse r) { return new String(r.body().toByteArray(), java.nio.charset.StandardCharsets.UTF_8); }

    private long media(long frames) { return frames / fps * VideoContent.SECOND + frames % fps * VideoContent.SECOND / fps; }

    /** A frame's last byte arrived now. */
    private void frame(int kbps, int segment, int frame, int frameFps, int length) {
        long now = Process.current().now();
        if (segment != expectSegment || frame != expectFrame || frameFps != fps) unexpectedFrames++;
        Piece last = pieces.isEmpty() ? null : pieces.getLast();
        if (pieceOpen && last.segment() == segment && last.kbps() == kbps) {
            pieces.set(pieces.size() - 1, new Piece(last.timeNs(), segment, kbps, last.frames() + 1));
        } else {
            pieces.add(new Piece(now, segment, kbps, 1));
            pieceOpen = true;
        }
        framesReceived++;
        bitrateFrames += kbps;
        player.received(now, media(framesReceived) - media(framesReceived - 1));
        expectFrame = frame + 1;
        expectSegment = segment;
        if (segment < segmentFrames.length && expectFrame == segmentFrames[segment]) {
            expectSegment = segment + 1;
            expectFrame = 0;
        }
    }

    /** The player; null before the playlists were read. */
    public Player player() { return player; }

    public List<Piece> pieces() { return List.copyOf(pieces); }

    public String error() { return error; }

    public long truncatedResponses() { return truncated; }

    public long unexpectedFrames() { return unexpectedFrames; }

    public HttpCounters http() { return http; }

    /** Bitrate changes between consecutive runs of frames, in playing order. */
    public int switches() {
        int n = 0;
        for (int i = 1; i < pieces.size(); i++) if (pieces.get(i).kbps() != pieces.get(i - 1).kbps()) n++;
        return n;
    }

    /** The average bitrate over the media received (kbit/s), 0 before any frame. */
    public double averageKbps() { return framesReceived == 0 ? 0 : (double) bitrateFrames / framesReceived; }

    /** Startup delay plus rebuffering, the quantity of ModNet's Fig. 11 (ns). */
    public long waitingNs() {
        if (player == null || !player.started()) return -1;
        return player.startupDelayNs() + player.rebufferNs();
    }

    @Override public boolean hasGoal() { return true; }

    @Override public boolean goalMet() { return error == null && player != null && framesReceived == totalFrames; }

    @Override public long finishedAtNs() { return finishedNs; }

    @Override
    public String summary() {
        if (player == null) return error != null ? "failed: " + error : "not started";
        return String.format("%s: %d/%d frames, startup %.2f s, %d stalls %.2f s, avg %.0f kbit/s, %d switches, %d truncated%s",
                config.abr().spec(), framesReceived, totalFrames, player.startupDelayNs() / 1e9, player.stalls().size(), player.rebufferNs() / 1e9,
                averageKbps(), switches(), truncated, error == null ? "" : ", failed: " + error);
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("server", Ipv4Address.format(config.server()) + ":" + config.port());
        r.put("abr", config.abr().spec());
        if (error != null) r.put("error", error);
        if (player == null) return r;
        r.put("ladder_kbps", Arrays.stream(ladder).boxed().toList());
        r.put("frames", framesReceived);
        r.put("frames_expected", totalFrames);
        r.put("startup_delay_s", player.startupDelayNs() / 1e9);
        List<Object> stalls = new ArrayList<>();
        for (Player.Stall st : player.stalls()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start_s", st.startNs() / 1e9);
            m.put("duration_s", st.durationNs() / 1e9);
            stalls.add(m);
        }
        r.put("stalls", stalls);
        r.put("rebuffering_s", player.rebufferNs() / 1e9);
        r.put("average_kbps", averageKbps());
        r.put("switches", switches());
        r.put("responses", responses);
        r.put("truncated_responses", truncated);
        if (unexpectedFrames > 0) r.put("unexpected_frames", unexpectedFrames);
        r.put("body_bytes", http.bodyBytes);
        r.put("bytes_received", http.bytesReceived);
        if (finishedNs >= 0) r.put("playback_end_s", finishedNs / 1e9);
        List<Object> series = new ArrayList<>();
        for (Piece p : pieces) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time_s", p.timeNs() / 1e9);
            m.put("segment", p.segment());
            m.put("kbps", p.kbps());
            m.put("frames", p.frames());
            series.add(m);
        }
        r.put("bitrate_series", series);
        return r;
    }
}
