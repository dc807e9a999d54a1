package elvis.web.video;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.PacketPair;
import elvis.protocol.tcp.TcpView;
import elvis.socket.Errno;
import elvis.socket.ErrnoException;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.web.http.Chunked;
import elvis.web.http.HttpError;
import elvis.web.http.HttpHeaders;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpParser;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code video_server} (R-VID-2): an HLS-like server of one {@link VideoContent} over HTTP/1.1 with
 * persistent connections, one blocking process per connection. {@code GET /video.m3u8} is the master
 * playlist, {@code /video/KBPS.m3u8} a bitrate's media playlist, {@code /seg/KBPS/N} (or
 * {@code /seg/auto/N}) segment N, sent with chunked transfer coding, one chunk per frame, so that a
 * response may end at any frame boundary on a kept connection (ModNet §5.7).
 *
 * <p>Modes: {@link Mode#CLIENT} serves the bitrate asked for. {@link Mode#TRUNCATE} and
 * {@link Mode#YANK} choose it themselves, per response, from the connection's packet-pair estimate
 * when the request arrives (the end of the previous segment's transmission): the highest bitrate at
 * most {@code safety} × the sustainable rate (see {@code choose}: the harmonic mean of the estimates
 * at the ends of the last 5 responses, capped by the latest; the first segment at the lowest). The
 * previous response has then left the socket buffer (the player asks only once it has all of it), so
 * nothing queued at an old bitrate is still ahead of the new one. While a response goes out, every
 * {@code checkNs} and between frames, an estimate below its bitrate ends it at the next frame
 * boundary: chosen at most {@code safety} × the estimate, a response is cut only once the estimate
 * has fallen by more than 1 − {@code safety} (20%), so the estimate's own jitter does not cut it.
 * TRUNCATE writes no more frames and lets the socket
 * buffer drain; YANK also takes back the frames still unsent in the socket buffer (locking
 * transmission, peeking to find the first frame boundary among the unsent bytes, yanking from there).
 * The frames not delivered are sent first in the next response, at that response's bitrate, so the
 * player misses none. After writing a response YANK keeps watching, every {@code checkNs}, until the
 * response has left the socket buffer or the next request arrives.
 */
public final class VideoServer implements Application {
    public enum Mode { CLIENT, TRUNCATE, YANK }

    /**
     * @param sendBuffer SO_SNDBUF of each connection (bytes); 0 keeps TCP's default
     * @param safety     the fraction of the sustainable rate a chosen bitrate may use (0.8, the client's {@code rate} factor)
     * @param checkNs    how often YANK looks at the estimate while a written response drains
     * @param pairGapNs  the packet-pair estimator's largest send gap of a valid pair ({@link PacketPair})
     */
    public record Config(int port, VideoContent content, Mode mode, int sendBuffer, double safety, long checkNs, long pairGapNs) {
        public Config {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
            Objects.requireNonNull(content);
            Objects.requireNonNull(mode);
            if (sendBuffer < 0) throw new IllegalArgumentException("send buffer must not be negative");
            if (!(safety > 0 && safety <= 1)) throw new IllegalArgumentException("safety must be within (0, 1]");
            if (checkNs <= 0) throw new IllegalArgumentException("the check interval must be above 0");
            if (pairGapNs < 0) throw new IllegalArgumentException("the pair gap must not be negative");
        }

        /** The defaults: 1 MB send buffer (ModNet's high-performance server), safety 0.8, checks every 10 ms, pairs up to 200 ms apart. */
        public static Config of(int port, VideoContent content, Mode mode) {
            return new Config(port, content, mode, 1 << 20, 0.8, 10_000_000L, 200_000_000L);
        }
    }

    /** A server-side decision, for results and tests: a truncation or a yank of the response's tail. */
    public record Cut(long timeNs, int segment, int kbps, long estimateBps, int framesLeft, long yankedBytes, long inFlightBytes) { }

    /** Responses whose end-of-transmission estimates choose the next bitrate: 5, as the client's {@code rate}. */
    static final int WINDOW = 5;

    private final Config config;
    private final HttpResponse master;
    private final HttpResponse[] media;
    private final List<Cut> cuts = new ArrayList<>();
    private final long[] segmentsByRung;
    private long connections, requests, notFound, badRequests, bytesSent, framesSent, yankUnsupported;

    public VideoServer(Config config) {
        this.config = Objects.requireNonNull(config);
        VideoContent c = config.content();
        master = HttpResponse.ok("application/vnd.apple.mpegurl", Message.ofUtf8(c.masterPlaylist()));
        media = new HttpResponse[c.rungs()];
        for (int r = 0; r < media.length; r++) media[r] = HttpResponse.ok("application/vnd.apple.mpegurl", Message.ofUtf8(c.mediaPlaylist(r)));
        segmentsByRung = new long[c.rungs()];
    }

    @Override public String name() { return "video_server"; }

    public Config config() { return config; }

    @Override
    public void start(Machine machine) {
        Process.spawn(machine, this, self -> {
            StreamSocket listener = self.streamSocket();
            listener.bind(config.port());
            listener.listen(128);
            while (true) {
                StreamSocket conn = listener.accept();
                self.spawn(p -> new Connection(p, conn).serve(), conn);
            }
        });
    }

    /** The truncations and yanks so far, in time order. */
    public List<Cut> cuts() { return List.copyOf(cuts); }

    @Override
    public String summary() {
        return config.mode().name().toLowerCase() + ": " + requests + " requests, " + framesSent + " frames, " + cuts.size()
                + (config.mode() == Mode.YANK ? " yanks" : " truncations");
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", config.mode().name().toLowerCase());
        r.put("port", config.port());
        r.put("segments", config.content().segments());
        r.put("send_buffer", config.sendBuffer());
        r.put("connections", connections);
        r.put("requests", requests);
        r.put("not_found", notFound);
        r.put("bad_requests", badRequests);
        r.put("bytes_sent", bytesSent);
        r.put("frames_sent", framesSent);
        Map<String, Object> byRate = new LinkedHashMap<>();
        for (int i = 0; i < segmentsByRung.length; i++) byRate.put(String.valueOf(config.content().kbps(i)), segmentsByRung[i]);
        r.put("responses_by_kbps", byRate);
        r.put(config.mode() == Mode.YANK ? "yanks" : "truncations", (long) cuts.size());
        long yanked = 0;
        for (Cut c : cuts) yanked += c.yankedBytes();
        if (config.mode() == Mode.YANK) r.put("yanked_bytes", yanked);
        if (yankUnsupported > 0) r.put("yank_unsupported", yankUnsupported);
        List<Object> list = new ArrayList<>();
        for (Cut c : cuts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time_s", c.timeNs() / 1e9);
            m.put("segment", c.segment());
            m.put("kbps", c.kbps());
            m.put("estimate_kbps", c.estimateBps() / 1000);
            m.put("frames_left", c.framesLeft());
            if (config.mode() == Mode.YANK) m.put("yanked_bytes", c.yankedBytes());
            list.add(m);
        }
        r.put("cuts", list);
        return r;
    }

    /** One connection, served by its own process: requests one at a time, in order. */
    private final class Connection implements HttpParser.Listener {
        private final Process self;
        private final StreamSocket socket;
        private final HttpParser parser = HttpParser.forRequests(HttpLimits.DEFAULT, this);
        private final ArrayDeque<HttpRequest> requests = new ArrayDeque<>(2);
        private final PacketPair estimator;       // null in client mode
        private HttpRequest current;
        private HttpError error;
        private boolean peerClosed;
        private long yankedBytes;                   // by the last yankFrom
        private long written;                       // bytes queued on the socket so far
        // Frames the last response did not deliver, sent first in the next: (segment, frame) pairs.
        private final ArrayDeque<long[]> pending = new ArrayDeque<>();
        // The current response: its frames and where each starts in the stream.
        private int[] segs = new int[64], frames = new int[64];
        private long[] starts = new long[64];
        private int count;
        // The estimates at the ends of the last WINDOW responses (a ring), for choose().
        private final long[] atEnds = new long[WINDOW];
        private int ends, segmentResponses;

        Connection(Process self, StreamSocket socket) {
            this.self = self;
            this.socket = socket;
            TcpView view = config.mode() == Mode.CLIENT ? null : socket.inspect();
            this.estimator = view == null ? null : new PacketPair(config.pairGapNs(), PacketPair.DEFAULT_MIN_SIZE_RATIO, PacketPair.DEFAULT_GAIN).attach(view);
        }

        void serve() {
            connections++;
            try {
                socket.setNoDelay(true);
                if (config.sendBuffer() > 0) socket.setSendBuffer(config.sendBuffer());
                while (true) {
                    while (requests.isEmpty() && error == null && !peerClosed) {
                        Message m = socket.recv(65536);
                        if (m.isEmpty()) {
                            peerClosed = true;
                            parser.finish();
                        } else {
                            parser.feed(m);
                        }
                    }
                    if (requests.isEmpty()) {
                        if (error != null && error.status() != 0) respond(HttpResponse.status(error.status()), true);
                        return;
                    }
                    HttpRequest r = requests.pollFirst();
                    boolean close = !r.keepAlive();
                    handle(r, close);
                    if (close) return;
                }
            } catch (ErrnoException e) {
                // the client reset or left: this connection ends, the server goes on
            } finally {
                if (estimator != null) estimator.detach();
                socket.close();
            }
        }

        /** The connection's smoothed packet-pair estimate in bit/s, -1 while there is none. */
        private long estimate() { return estimator == null ? -1 : (long) estimator.smoothedBps(); }

        private void handle(HttpRequest r, boolean close) {
            VideoServer.this.requests++;
            if (!r.method().equals("GET")) {
                respond(HttpResponse.methodNotAllowed("GET"), close);
                return;
            }
            String path = r.path();
            VideoContent c = config.content();
            if (path.equals("/video.m3u8")) { respond(master, close); return; }
            if (path.startsWith("/video/") && path.endsWith(".m3u8")) {
                int rung = c.rungOf(number(path.substring(7, path.length() - 5)));
                if (rung >= 0) { respond(media[rung], close); return; }
            }
            if (path.startsWith("/seg/")) {
                int slash = path.indexOf('/', 5);
                if (slash > 0) {
                    String rate = path.substring(5, slash);
                    int segment = number(path.substring(slash + 1));
                    int rung = rate.equals("auto") ? -2 : c.rungOf(number(rate));
                    boolean adaptive = config.mode() != Mode.CLIENT;
                    // segment == segments: only what is pending of the last segment
                    boolean known = segment >= 0 && (segment < c.segments() || segment == c.segments() && !pending.isEmpty());
                    if (known && (adaptive || rung >= 0)) {
                        segment(adaptive ? choose() : rung, segment, close);
                        return;
                    }
                }
            }
            notFound++;
            respond(HttpResponse.notFound(), close);
        }

        /**
         * The highest rung within safety × the sustainable rate; the lowest without an estimate. The
         * packet-pair estimate is the capacity of the moment (its EWMA spans well under a second),
         * while a segment takes about D seconds to send, and on a 3G-like link the rate of the next
         * seconds is not the rate of this one. So the sustainable rate is the harmonic mean of the
         * estimates taken at the ends of the last {@link #WINDOW} responses (the client's
         * {@code rate} rule, on the server's own samples), but never above the latest: a drop
         * counts at once, which is what the server sees that a client does not. The first segment
         * goes at the lowest bitrate, as a client's: no segment has been sent to estimate from (the
         * playlists are a packet or two, and a pair across two of them measures the gap between
         * the requests, not the path).
         */
        private int choose() {
            long bps = estimate();
            if (bps < 0 || segmentResponses++ == 0) return 0;
            atEnds[ends++ % WINDOW] = Math.max(bps, 1);
            int n = Math.min(ends, WINDOW);
            double inverse = 0;
            for (int i = 0; i < n; i++) inverse += 1.0 / atEnds[i];
            double sustainable = Math.min(bps, n / inverse) * config.safety();
            int best = 0;
            for (int i = 0; i < config.content().rungs(); i++) if (config.content().kbps(i) * 1000.0 <= sustainable) best = i;
            return best;
        }

        /** The estimate fell below the response's bitrate, and a lower one exists. */
        private boolean dropped(int rung) {
            long bps = estimate();
            return rung > 0 && bps >= 0 && bps < config.content().kbps(rung) * 1000L;
        }

        private void respond(HttpResponse response, boolean close) {
            if (response.status() == 400) badRequests++;
            HttpResponse r = close ? new HttpResponse(response.status(), response.reason(), 1, copy(response.headers()).add("Connection", "close"), response.body()) : response;
            send(r.encode(false));
        }

        private void segment(int rung, int segment, boolean close) {
            VideoContent c = config.content();
            segmentsByRung[rung]++;
            count = 0;
            for (long[] p : pending) add((int) p[0], (int) p[1]);
            pending.clear();
            if (segment < c.segments()) for (int f = 0; f < c.framesIn(segment); f++) add(segment, f);
            HttpHeaders h = new HttpHeaders().add("Content-Type", "video/mp2t").add("Transfer-Encoding", "chunked")
                    .add("X-Bitrate", String.valueOf(c.kbps(rung)));
            if (close) h.add("Connection", "close");
            send(new HttpResponse(200, "OK", 1, h, Message.EMPTY).encode(false));
            boolean adaptive = config.mode() != Mode.CLIENT;
            int next = 0;
            boolean cut = false;
            for (; next < count; next++) {
                if (adaptive && dropped(rung)) {
                    next = cut(rung, segment, next, next);
                    cut = true;
                    break;
                }
                starts[next] = written;
                Message chunk = Chunked.chunk(c.frame(rung, segs[next], frames[next]));
                if (!adaptive) {
                    send(chunk);
                    continue;
                }
                int at = sendWatching(chunk, rung, next);
                if (at >= 0) {
                    next = cut(rung, segment, next + 1, at);
                    cut = true;
                    break;
                }
            }
            framesSent += next;
            for (int i = next; i < count; i++) pending.add(new long[] {segs[i], frames[i]});
            send(Chunked.LAST);
            if (config.mode() == Mode.YANK && !cut) watch(rung, segment);
        }

        /**
         * Writes frame {@code index}'s chunk without blocking longer than checkNs at a time (a blocked
         * send may wait for much of the buffer to drain), looking at the estimate meanwhile. In YANK
         * mode a drop seen mid-frame yanks from the first unsent frame boundary at or before this
         * frame and returns that frame's index; else the frame is finished and -1 returned.
         */
        private int sendWatching(Message chunk, int rung, int index) {
            PollFd out = new PollFd(socket, PollFd.POLLOUT);
            while (!chunk.isEmpty()) {
                if (self.poll(config.checkNs(), out) == 0) {
                    if (config.mode() == Mode.YANK && dropped(rung)) {
                        int at = yankFrom(index + 1);
                        if (at >= 0) return at;
                    }
                    continue;
                }
                int n = socket.send(chunk);
                written += n;
                bytesSent += n;
                chunk = chunk.slice(n);
            }
            return -1;
        }

        /**
         * Records the cut of a response whose frames before {@code written} were queued: TRUNCATE
         * stops at {@code written}; YANK takes back the queued frames still unsent ({@code yankedAt} ≥ 0:
         * already yanked from that frame on). Returns the index of the first frame not delivered.
         */
        private int cut(int rung, int segment, int queued, int yankedAt) {
            long yanked = 0, inFlight = 0;
            int first = queued;
            if (config.mode() == Mode.YANK) {
                int at = yankedAt < queued ? yankedAt : yankFrom(queued);
                if (at >= 0) {
                    yanked = yankedBytes;
                    first = at;
                }
                TcpView v = socket.inspect();
                if (v != null) inFlight = v.sndMax() - v.sndUna();
            }
            cuts.add(new Cut(self.now(), segment, config.content().kbps(rung), estimate(), count - first, yanked, inFlight));
            return first;
        }

        /**
         * After the response was written: until it has left the socket buffer or the next request is
         * in, look at the estimate every checkNs; on a drop, yank the unsent frames and end the
         * response again at the cut.
         */
        private void watch(int rung, int segment) {
            TcpView v = socket.inspect();
            if (v == null) return;
            PollFd in = new PollFd(socket, PollFd.POLLIN);
            while (v.unsentBytes() > 0) {
                if (self.poll(config.checkNs(), in) > 0) return;
                if (!dropped(rung)) continue;
                int at = yankFrom(count);
                if (at < 0) return;
                cuts.add(new Cut(self.now(), segment, config.content().kbps(rung), estimate(), count - at, yankedBytes, v.sndMax() - v.sndUna()));
                framesSent -= count - at;
                for (int i = at; i < count; i++) pending.add(new long[] {segs[i], frames[i]});
                send(Chunked.LAST);
                return;
            }
        }

        /**
         * Locks transmission, peeks at the unsent bytes, finds the first frame of this response that
         * starts among them (checking its chunk there), and yanks from it to the end of what was
         * written. Returns that frame's index ({@code written} is then its start), or -1 when no frame
         * boundary is unsent or the socket cannot yank.
         */
        private int yankFrom(int writtenFrames) {
            Message unsent;
            try {
                unsent = socket.yank(Integer.MAX_VALUE, StreamSocket.YankOp.PEEK, StreamSocket.YankLock.LOCK, false);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EOPNOTSUPP) throw e;
                yankUnsupported++;
                return -1;
            }
            long unsentFrom = written - unsent.length();
            int at = -1;
            for (int i = 0; i < writtenFrames; i++) if (starts[i] >= unsentFrom) { at = i; break; }
            if (at >= 0 && !chunkStartsFrame(unsent, (int) (starts[at] - unsentFrom))) at = -1;
            if (at < 0) {
                socket.yank(0, StreamSocket.YankOp.PEEK, StreamSocket.YankLock.UNLOCK, false);
                return -1;
            }
            long n = written - starts[at];
            Message got = socket.yank((int) n, StreamSocket.YankOp.YANK, StreamSocket.YankLock.UNLOCK, false);
            if (got.length() != n) throw new IllegalStateException("yanked " + got.length() + " of " + n + " locked bytes");
            written = starts[at];
            bytesSent -= n;
            yankedBytes = n;
            return at;
        }

        private void add(int segment, int frame) {
            if (count == segs.length) {
                segs = java.util.Arrays.copyOf(segs, count * 2);
                frames = java.util.Arrays.copyOf(frames, count * 2);
                starts = java.util.Arrays.copyOf(starts, count * 2);
            }
            segs[count] = segment;
            frames[count++] = frame;
        }

        private void send(Message m) {
            while (!m.isEmpty()) {
                int n = socket.send(m);
                written += n;
                bytesSent += n;
                m = m.slice(n);
            }
        }

        @Override public void requestHead(HttpRequest head) { current = head; }
        @Override public void body(Message part) { }   // GETs carry none; a body is read and dropped

        @Override public void end() {
            requests.add(current);
            if (!current.keepAlive()) parser.stop();
        }

        @Override public void error(HttpError e) {
            error = e;
        }
    }

    private static HttpHeaders copy(HttpHeaders h) {
        HttpHeaders c = new HttpHeaders();
        for (int i = 0; i < h.size(); i++) c.add(h.name(i), h.value(i));
        return c;
    }

    /** A non-negative decimal number, or -1. */
    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9) return -1;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return -1;
        return Integer.parseInt(s);
    }

    /** Whether {@code bytes} at {@code at} hold a chunk-size line followed by a frame's first byte. */
    static boolean chunkStartsFrame(Message bytes, int at) {
        int i = at, n = bytes.length(), digits = 0;
        while (i < n && Character.digit(bytes.u8(i), 16) >= 0) { i++; digits++; }
        return digits > 0 && i + 2 < n && bytes.u8(i) == '\r' && bytes.u8(i + 1) == '\n' && bytes.u8(i + 2) == VideoContent.MAGIC;
    }
}
