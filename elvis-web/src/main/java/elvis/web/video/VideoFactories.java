package elvis.web.video;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;

import java.util.List;

/** The NDL applications {@code video_server} and {@code video_client} (docs/ndl.md). */
public final class VideoFactories {
    private VideoFactories() {}

    static final long S = VideoContent.SECOND, MS = 1_000_000;
    private static final String LADDER = "145,365,730,1100,2000,3000";

    /** {@code video_server}: the content (duration, segment, ladder, fps, vbr, seed) and how it is served (mode, send_buffer, safety, check, pair_gap). */
    public static final class Server implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("video_server", List.of(
                    Attribute.port("port").byDefault(80).doc("the port to listen on"),
                    Attribute.duration("duration", 1, 24 * 3600 * S).byDefault(600 * S).doc("the video's length (whole frames)"),
                    Attribute.duration("segment", 1, 3600 * S).byDefault(2 * S).doc("segment duration D (whole frames): `2s` as the 3G dataset's sessions, `10s` as Apple's TN2224"),
                    Attribute.string("ladder").byDefault(LADDER).doc("the bitrates in kbit/s, increasing, comma-separated; a segment is bitrate × D ÷ 8 bytes"),
                    Attribute.integer("fps", 1, 255).byDefault(25).doc("frames per second: frames are the only places a segment may be cut"),
                    Attribute.probability("vbr").byDefault(0.0).doc("VBR: each segment's size times a factor drawn uniformly from [1 − vbr, 1 + vbr] (below 1); 0 is constant bitrate"),
                    Attribute.wholeNumber("seed", 0, Long.MAX_VALUE).byDefault(1L).doc("the seed of the VBR factors"),
                    Attribute.choice("mode", "client", "truncate", "yank").byDefault("client")
                            .doc("`client` serves the bitrate asked for; `truncate` chooses it from the connection's packet-pair estimate and stops a segment at a frame when the estimate falls below its bitrate; `yank` also takes back the unsent frames from the socket buffer (ModNet §5.7). Frames not delivered open the next response"),
                    Attribute.size("send_buffer", 1024, 64L << 20).byDefault(1L << 20).doc("SO_SNDBUF of each connection (ModNet: 16–128 KB typical, 1 MB for high-performance servers)"),
                    Attribute.probability("safety").byDefault(0.8).doc("truncate/yank: the fraction of the sustainable rate (harmonic mean of the estimates at the ends of the last 5 responses, capped by the latest) a chosen bitrate may use; a response is cut when the estimate falls below its bitrate"),
                    Attribute.duration("check", 1, 10 * S).byDefault(10 * MS).doc("truncate/yank: how often the estimate is looked at while a write waits or a written response drains"),
                    Attribute.duration("pair_gap", 0, 10 * S).byDefault(200 * MS).doc("truncate/yank: the packet-pair estimator's largest send gap of a valid pair")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            int[] ladder = ladder(a.string("ladder", LADDER));
            double vbr = decimal(a, "vbr", 0);
            if (vbr >= 1) throw new Arguments.ArgumentException("vbr", "'vbr' must be below 1");
            double safety = decimal(a, "safety", 0.8);
            if (safety <= 0) throw new Arguments.ArgumentException("safety", "'safety' must be above 0");
            VideoContent content;
            try {
                content = new VideoContent(a.duration("duration", 600 * S), a.duration("segment", 2 * S), ladder, (int) a.integer("fps", 1, 255, 25), vbr,
                        a.integer("seed", 0, Long.MAX_VALUE, 1));
            } catch (IllegalArgumentException e) {
                throw new Arguments.ArgumentException(a.has("segment") ? "segment" : "duration", e.getMessage());
            }
            VideoServer.Mode mode = VideoServer.Mode.valueOf(a.string("mode", "client").toUpperCase(java.util.Locale.ROOT));
            int sendBuffer = (int) a.size("send_buffer", 64L << 20, 1L << 20);
            if (sendBuffer < 1024) throw new Arguments.ArgumentException("send_buffer", "'send_buffer' must be at least 1KB");
            long check = a.duration("check", 10 * MS);
            if (check <= 0) throw new Arguments.ArgumentException("check", "'check' must be above 0");
            return new VideoServer(new VideoServer.Config(a.has("port") ? a.port("port") : 80, content, mode, sendBuffer, safety, check, a.duration("pair_gap", 200 * MS)));
        }

        private static int[] ladder(String text) {
            String[] parts = text.split(",");
            int[] l = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    l[i] = Integer.parseInt(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new Arguments.ArgumentException("ladder", "'ladder' lists bitrates in kbit/s such as " + LADDER + ", not '" + parts[i].strip() + "'");
                }
                if (l[i] < 1 || i > 0 && l[i] <= l[i - 1]) throw new Arguments.ArgumentException("ladder", "the ladder's bitrates must be positive and increasing: " + text);
            }
            return l;
        }
    }

    /** {@code video_client}: server, port, abr, startup, max_buffer, start. */
    public static final class Client implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("video_client", List.of(
                    Attribute.destination("server").required().doc("the video server: machine, address or DNS name"),
                    Attribute.port("port").byDefault(80).doc("its port"),
                    Attribute.string("abr").byDefault("rate").doc("the bitrate rule: `rate` (harmonic mean of the last 5 segments' throughputs × 0.8; `rate:N` for N), `vlc` (VLC 2.x: first segment at the top, then the last segment's throughput, no margin), "
                            + "`buffer` (BBA-0: lowest up to 5 s of buffer, highest from max_buffer − 2 s, linear between), `fixed:KBPS`, or `server` (ask for `/seg/auto/N`: the server's truncate or yank mode chooses)"),
                    Attribute.integer("startup", 1, 100).byDefault(1).doc("segments buffered before playback starts (1 as VLC then; 2 as older VLC)"),
                    Attribute.duration("max_buffer", 1, 3600 * S).byDefault(30 * S).doc("the player asks for no segment while more than this minus one segment is buffered"),
                    Attribute.duration("start", 0, 8760L * 3600 * S).byDefault(0L).doc("when the player starts")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            long maxBuffer = a.duration("max_buffer", 30 * S);
            if (maxBuffer <= 0) throw new Arguments.ArgumentException("max_buffer", "'max_buffer' must be above 0");
            Abr abr;
            try {
                abr = Abr.parse(a.string("abr", "rate"), maxBuffer, 2 * S);
            } catch (IllegalArgumentException e) {
                throw new Arguments.ArgumentException("abr", e.getMessage());
            }
            return new VideoClient(new VideoClient.Config(context.destination(a, "server"), a.has("port") ? a.port("port") : 80, a.string("server"), abr,
                    (int) a.integer("startup", 1, 100, 1), maxBuffer, a.duration("start", 0)));
        }
    }

    private static double decimal(Arguments a, String key, double fallback) {
        if (!a.has(key)) return fallback;
        try {
            return Attribute.probability(key).parse(a.string(key));
        } catch (elvis.config.Units.BadValue e) {
            throw new Arguments.ArgumentException(key, e.getMessage());
        }
    }
}
