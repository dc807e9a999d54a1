package elvis.web.video;

import java.util.Arrays;

/**
 * A client's adaptive-bitrate rule (R-VID-4): which rung of the ladder to ask for next, from the
 * throughput of the segments already fetched and the buffer. {@link #SERVER} asks for none and takes
 * what the server sends. Never the original Elvis's rule (Vec capacity minus buffered bytes).
 */
public sealed interface Abr {
    /** What a rule may look at. */
    record Inputs(int[] ladderKbps, double[] throughputsBps, long bufferNs) {
        /** The highest rung whose bitrate is at most {@code bps}; the lowest when none is. */
        int highestBelow(double bps) {
            int r = 0;
            for (int i = 0; i < ladderKbps.length; i++) if (ladderKbps[i] * 1000.0 <= bps) r = i;
            return r;
        }
    }

    /** The rung to ask for, or -1 to let the server choose. */
    int choose(Inputs in);

    /** Its name as NDL writes it. */
    String spec();

    /**
     * Throughput-based (HLS players' default, Fig. 10's "adaptive"): the harmonic mean of the last
     * {@code window} segments' throughputs times {@code safety}, the highest rung below it; the lowest
     * before the first segment.
     */
    record Rate(int window, double safety) implements Abr {
        public Rate {
            if (window < 1) throw new IllegalArgumentException("the window must hold at least one segment");
            if (!(safety > 0 && safety <= 1)) throw new IllegalArgumentException("the safety factor must be within (0, 1]");
        }

        @Override public int choose(Inputs in) {
            double[] t = in.throughputsBps();
            if (t.length == 0) return 0;
            int n = Math.min(window, t.length);
            double inverse = 0;
            for (int i = t.length - n; i < t.length; i++) inverse += 1 / Math.max(t[i], 1);
            return in.highestBelow(n / inverse * safety);
        }

        @Override public String spec() { return window == 5 && safety == 0.8 ? "rate" : "rate:" + window; }
    }

    /**
     * The HLS player of VLC 2.x ({@code modules/stream_filter/httplive.c}), the client of ModNet's
     * Fig. 10 and 11: the first segment at the <em>highest</em> bitrate of the playlist (it sorts
     * the streams by bandwidth and starts with the last), then the highest bitrate at most the last
     * segment's throughput, with no average and no safety factor. One difference: where VLC keeps
     * its current stream when the throughput is below every bitrate, this takes the lowest.
     */
    record Vlc() implements Abr {
        @Override public int choose(Inputs in) {
            double[] t = in.throughputsBps();
            return t.length == 0 ? in.ladderKbps().length - 1 : in.highestBelow(t[t.length - 1]);
        }

        @Override public String spec() { return "vlc"; }
    }

    /**
     * Buffer-based (BBA-0, Huang et al. 2014): the lowest rung while the buffer is at most
     * {@code reservoirNs}, the highest from {@code upperNs} on, and in between the highest rung below a
     * rate that grows linearly from the lowest bitrate to the highest.
     */
    record Buffer(long reservoirNs, long upperNs) implements Abr {
        public Buffer {
            if (reservoirNs < 0 || upperNs <= reservoirNs) throw new IllegalArgumentException("needs 0 ≤ reservoir < upper");
        }

        @Override public int choose(Inputs in) {
            int[] l = in.ladderKbps();
            long b = in.bufferNs();
            if (b <= reservoirNs) return 0;
            if (b >= upperNs) return l.length - 1;
            double kbps = l[0] + (l[l.length - 1] - l[0]) * (double) (b - reservoirNs) / (upperNs - reservoirNs);
            return in.highestBelow(kbps * 1000);
        }

        @Override public String spec() { return "buffer"; }
    }

    /** Always the same bitrate (kbit/s, a rung of the ladder). */
    record Fixed(int kbps) implements Abr {
        @Override public int choose(Inputs in) {
            int r = Arrays.binarySearch(in.ladderKbps(), kbps);
            if (r < 0) throw new IllegalArgumentException("the ladder " + Arrays.toString(in.ladderKbps()) + " has no " + kbps + " kbit/s");
            return r;
        }

        @Override public String spec() { return "fixed:" + kbps; }
    }

    /** The server chooses (its truncate and yank modes). */
    Abr SERVER = new Server();

    final class Server implements Abr {
        private Server() {}
        @Override public int choose(Inputs in) { return -1; }
        @Override public String spec() { return "server"; }
    }

    /**
     * {@code rate}, {@code rate:N} (window of N segments), {@code vlc}, {@code buffer}, {@code fixed:KBPS}
     * or {@code server}; {@code maxBufferNs} and {@code segmentNs} place the buffer rule's thresholds.
     */
    static Abr parse(String text, long maxBufferNs, long segmentNs) {
        String t = text.strip();
        if (t.equals("rate")) return new Rate(5, 0.8);
        if (t.startsWith("rate:")) {
            int n;
            try {
                n = Integer.parseInt(t.substring(5).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rate:N needs a whole number of segments, not '" + t.substring(5) + "'");
            }
            if (n < 1 || n > 1000) throw new IllegalArgumentException("rate:N needs 1 ≤ N ≤ 1000, not " + n);
            return new Rate(n, 0.8);
        }
        if (t.equals("buffer")) {
            long reservoir = Math.min(5 * VideoContent.SECOND, maxBufferNs / 4);
            return new Buffer(reservoir, Math.max(reservoir + 1, maxBufferNs - segmentNs));
        }
        if (t.equals("server")) return SERVER;
        if (t.equals("vlc")) return new Vlc();
        if (t.startsWith("fixed:")) {
            try {
                int k = Integer.parseInt(t.substring(6).strip());
                if (k < 1) throw new NumberFormatException();
                return new Fixed(k);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fixed:KBPS needs a bitrate in kbit/s from the ladder, not '" + t.substring(6) + "'");
            }
        }
        throw new IllegalArgumentException("unknown ABR '" + text + "': expected rate, rate:N, vlc, buffer, fixed:KBPS or server");
    }
}
