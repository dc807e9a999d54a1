package elvis.web.video;

import elvis.message.Message;
import elvis.sim.RandomStream;

import java.util.Arrays;

/**
 * A video as an adaptive-streaming server holds it (R-VID-1): a duration cut into segments of
 * {@code segmentNs} (the last may be shorter), each encoded at every bitrate of a ladder, each
 * encoding a run of frames at a fixed rate. Frames are the only legal places to cut a segment (a
 * real encoder's frame or GOP boundaries), so every encoding of a segment has the same frames.
 *
 * <p>A segment's size is bitrate × duration ÷ 8 bytes, times an optional per-segment VBR factor drawn
 * uniformly from [1 − vbr, 1 + vbr] with a seeded stream (one factor per segment, the same for every
 * bitrate: scene complexity); its bytes are split evenly over its frames. The payload is synthetic and
 * zero-copy: each frame is a {@value #FRAME_HEADER}-byte header naming what it is (so a receiver and a
 * test can tell which bitrate, segment and frame bytes came from) followed by shared zeros:
 * <pre>
 *   0  'V'           1  frames per second    2  frame index in its segment (u16)
 *   4  bitrate kbit/s (u32)   8  segment index (u32)   12  frame length with this header (u32)
 * </pre>
 */
public final class VideoContent {
    /** Bytes of the header that starts every frame. */
    public static final int FRAME_HEADER = 16;
    static final byte MAGIC = 'V';
    /** The default ladder (kbit/s): covers the 3G traces' 605–735 kbit/s means (REQUIREMENTS.md R-VID-1). */
    public static final int[] DEFAULT_LADDER = {145, 365, 730, 1100, 2000, 3000};
    public static final long SECOND = 1_000_000_000L;

    private final long durationNs, segmentNs;
    private final int fps, framesPerSegment, segments, lastSegmentFrames;
    private final int[] ladderKbps;
    private final double[] vbr;       // per segment; null for constant bitrate

    /**
     * @param durationNs whole frames long
     * @param segmentNs  whole frames long, at most 65,535 frames
     * @param ladderKbps increasing bitrates; each frame must hold at least its header
     * @param vbr        0 for constant bitrate, else the VBR factor's half-width (below 1)
     */
    public VideoContent(long durationNs, long segmentNs, int[] ladderKbps, int fps, double vbr, long seed) {
        if (fps < 1 || fps > 255) throw new IllegalArgumentException("fps must be 1..255: " + fps);
        if (durationNs <= 0 || segmentNs <= 0) throw new IllegalArgumentException("duration and segment duration must be above 0");
        if (segmentNs * fps % SECOND != 0) throw new IllegalArgumentException("the segment duration must be a whole number of frames at " + fps + " fps");
        if (durationNs % SECOND * fps % SECOND != 0) throw new IllegalArgumentException("the duration must be a whole number of frames at " + fps + " fps");
        if (!(vbr >= 0 && vbr < 1)) throw new IllegalArgumentException("vbr must be within [0, 1): " + vbr);
        if (ladderKbps.length == 0) throw new IllegalArgumentException("the ladder needs at least one bitrate");
        for (int i = 0; i < ladderKbps.length; i++)
            if (ladderKbps[i] < 1 || i > 0 && ladderKbps[i] <= ladderKbps[i - 1])
                throw new IllegalArgumentException("the ladder's bitrates must be positive and increasing: " + Arrays.toString(ladderKbps));
        long fpsLong = fps;
        long perSegment = segmentNs * fpsLong / SECOND;
        if (perSegment > 65_535) throw new IllegalArgumentException("a segment may hold at most 65,535 frames");
        long totalFrames = durationNs / SECOND * fpsLong + durationNs % SECOND * fpsLong / SECOND;
        long count = Math.ceilDiv(totalFrames, perSegment);
        if (count > 1_000_000) throw new IllegalArgumentException("at most 1,000,000 segments");
        this.durationNs = durationNs;
        this.segmentNs = segmentNs;
        this.fps = fps;
        this.framesPerSegment = (int) perSegment;
        this.segments = (int) count;
        this.lastSegmentFrames = (int) (totalFrames - (count - 1) * perSegment);
        this.ladderKbps = ladderKbps.clone();
        if (vbr == 0) {
            this.vbr = null;
        } else {
            RandomStream r = RandomStream.forEntity(seed, "video/vbr");
            this.vbr = new double[segments];
            for (int i = 0; i < segments; i++) this.vbr[i] = 1 - vbr + 2 * vbr * r.nextDouble();
        }
        // The smallest frame: the lowest bitrate at the smallest VBR factor.
        long smallest = Long.MAX_VALUE;
        for (int s = 0; s < segments; s++) smallest = Math.min(smallest, segmentBytes(0, s) / framesIn(s));
        if (smallest < FRAME_HEADER) throw new IllegalArgumentException("frames of " + ladderKbps[0] + " kbit/s at " + fps
                + " fps are smaller than their " + FRAME_HEADER + "-byte header: raise the lowest bitrate or lower fps");
    }

    /** The defaults: 2 s segments, {@link #DEFAULT_LADDER}, 25 fps, constant bitrate. */
    public static VideoContent of(long durationNs) { return new VideoContent(durationNs, 2 * SECOND, DEFAULT_LADDER, 25, 0, 0); }

    public long durationNs() { return durationNs; }
    public long segmentNs() { return segmentNs; }
    public int fps() { return fps; }
    public int segments() { return segments; }
    public int framesPerSegment() { return framesPerSegment; }
    public int[] ladderKbps() { return ladderKbps.clone(); }
    public int rungs() { return ladderKbps.length; }
    public int kbps(int rung) { return ladderKbps[rung]; }
    public long totalFrames() { return (long) (segments - 1) * framesPerSegment + lastSegmentFrames; }

    /** The rung of a bitrate in kbit/s, or -1 when the ladder has none. */
    public int rungOf(int kbps) {
        int i = Arrays.binarySearch(ladderKbps, kbps);
        return i < 0 ? -1 : i;
    }

    /** Frames in segment {@code s} (all but the last hold {@link #framesPerSegment}). */
    public int framesIn(int s) {
        check(s);
        return s == segments - 1 ? lastSegmentFrames : framesPerSegment;
    }

    /** Media time of segment {@code s}. */
    public long segmentDurationNs(int s) { return mediaNs(framesIn(s)); }

    /** Media time of {@code frames} frames. */
    public long mediaNs(long frames) { return frames / fps * SECOND + frames % fps * SECOND / fps; }

    /** Bytes of segment {@code s} at {@code rung}: bitrate × duration ÷ 8, times its VBR factor. */
    public long segmentBytes(int rung, int s) {
        double bytes = ladderKbps[rung] * 1000.0 / 8 * segmentDurationNs(s) / SECOND;
        return Math.round(vbr == null ? bytes : bytes * vbr[s]);
    }

    /** Bytes of frame {@code f} of segment {@code s} at {@code rung}: the segment's bytes split evenly, the first frames taking the remainder. */
    public int frameBytes(int rung, int s, int f) {
        int n = framesIn(s);
        if (f < 0 || f >= n) throw new IllegalArgumentException("segment " + s + " has no frame " + f);
        long total = segmentBytes(rung, s);
        return (int) (total / n + (f < total % n ? 1 : 0));
    }

    /** Frame {@code f} of segment {@code s} at {@code rung}: its header, then shared zeros. */
    public Message frame(int rung, int s, int f) {
        int length = frameBytes(rung, s, f);
        byte[] h = new byte[FRAME_HEADER];
        h[0] = MAGIC;
        h[1] = (byte) fps;
        h[2] = (byte) (f >>> 8);
        h[3] = (byte) f;
        putInt(h, 4, ladderKbps[rung]);
        putInt(h, 8, s);
        putInt(h, 12, length);
        return Message.wrap(h).concat(Message.zeros(length - FRAME_HEADER));
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private void check(int s) {
        if (s < 0 || s >= segments) throw new IllegalArgumentException("no segment " + s + " (the video has " + segments + ")");
    }

    /** The master playlist: one variant per bitrate (HLS's EXT-X-STREAM-INF, BANDWIDTH in bit/s, FRAME-RATE). */
    public String masterPlaylist() {
        StringBuilder b = new StringBuilder("#EXTM3U\n");
        for (int k : ladderKbps) b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(k * 1000L).append(",FRAME-RATE=").append(fps).append(".000\n").append("/video/").append(k).append(".m3u8\n");
        return b.toString();
    }

    /** The media playlist of one bitrate: every segment with its duration, then the end (a video on demand). */
    public String mediaPlaylist(int rung) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append(Math.ceilDiv(segmentNs, SECOND)).append("\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        for (int s = 0; s < segments; s++)
            b.append("#EXTINF:").append(seconds(segmentDurationNs(s))).append(",\n/seg/").append(ladderKbps[rung]).append('/').append(s).append('\n');
        return b.append("#EXT-X-ENDLIST\n").toString();
    }

    /** ns as decimal seconds with 9 places, trailing zeros dropped (exact: no floating point). */
    static String seconds(long ns) {
        String frac = String.format("%09d", ns % SECOND).replaceAll("0+$", "");
        return ns / SECOND + "." + (frac.isEmpty() ? "0" : frac);
    }
}
