package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.dummynet.DelayProfile;
import elvis.dummynet.profile.Tokens.Word;
import elvis.sim.RandomStream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A dummynet delay profile read from its file (ipfw(8) {@code profile filename}): an empirical distribution of the
 * extra time the link stays busy per packet (MAC framing, contention, retransmissions), and a level
 * above which the packet is lost after using that time.
 * <p>
 * File format, as ipfw reads it: words separated by white space, a word starting with {@code #}
 * begins a comment; each line is exactly two words, the keyword case-insensitive: {@code name ID},
 * {@code bw VALUE} (the pipe's bandwidth when the pipe gives none), {@code loss-level L} (0..1,
 * default 1: no loss), {@code samples N} (1..1024, default 100), then {@code prob delay} or
 * {@code delay prob} announcing the point lines that follow, two or more, in either order of
 * columns, delays in milliseconds. A keyword line after the points ends them.
 * <p>
 * The points are sorted by (probability, delay) and turned into {@code samples} delays, sample i
 * standing for cumulative probability i/samples, segment by segment as ipfw does: between points
 * (p1, d1) and (p2, d2) the samples from ⌊p1·N⌋ to ⌊p2·N⌋ − 1 get d1 when d1 = d2 (a vertical
 * segment of the curve: one delay for a range of probabilities) and the line's delay at i/N
 * otherwise; two points with one probability (a horizontal segment, a jump in delay) fill no
 * sample, so the larger delay starts the next segment. Samples the points do not cover stay 0.
 * Per packet: index = uniform 0..N−1, busy time += sample[index], lost when index ≥ ⌊L·N⌋.
 * <p>
 * One difference from the kernel, on purpose: dummynet keeps samples as whole milliseconds
 * (truncating); we keep nanoseconds, so sub-millisecond profiles (Wi-Fi) mean what they say.
 */
public final class EmpiricalProfile implements DelayProfile {
    public static final int MAX_SAMPLES = 1024;
    private static final int MAX_POINTS = 1024;

    private final String name;
    private final long bandwidthBps;
    private final int lossIndex;
    private final long[] samplesNs;

    private EmpiricalProfile(String name, long bandwidthBps, int lossIndex, long[] samplesNs) {
        this.name = name;
        this.bandwidthBps = bandwidthBps;
        this.lossIndex = lossIndex;
        this.samplesNs = samplesNs;
    }

    /** The {@code name} line, or "" when none. */
    @Override
    public String name() { return name; }
    /** The {@code bw} line's bit rate, or 0 when none. */
    public long bandwidthBps() { return bandwidthBps; }
    /** How many samples the curve has. */
    public int samples() { return samplesNs.length; }
    /** An index at or above which the packet is lost: ⌊loss-level · samples⌋. */
    public int lossIndex() { return lossIndex; }
    /** The extra busy time of sample {@code index}. */
    public long delayNs(int index) { return samplesNs[index]; }

    /**
     * One packet's draw from the pipe's stream (uniform index over the samples; dummynet's
     * {@code random() % samples}): its extra busy time, with {@link #LOST} set when the index is at
     * or above the loss level. The time does not depend on the packet's size.
     */
    @Override
    public long draw(int bytes, RandomStream random) {
        int index = (int) random.nextLong(samplesNs.length);
        return index >= lossIndex ? samplesNs[index] | LOST : samplesNs[index];
    }

    /** Mean extra busy time over the samples, ns (the expectation of a draw). */
    public double meanDelayNs() {
        double sum = 0;
        for (long s : samplesNs) sum += s;
        return sum / samplesNs.length;
    }

    /** Share of draws that are lost: (samples − lossIndex) / samples. */
    public double lossRate() { return (double) (samplesNs.length - lossIndex) / samplesNs.length; }

    private record Point(double prob, double delayMs) {}

    /** Reads a profile; {@code file} names it in errors. */
    public static EmpiricalProfile parse(String file, CharSequence text) throws SourceError {
        String name = null;
        long bandwidth = -1;
        int samples = -1;
        double loss = -1;
        boolean inPoints = false, delayFirst = false, sawHeader = false;
        Word header = null;
        List<Point> points = new ArrayList<>();
        int lastLine = 1;
        for (List<Word> line : Tokens.lines(text)) {
            Word key = line.getFirst();
            lastLine = key.line();
            if (line.size() > 2) throw error(file, line.get(2), "too many words: a line is a keyword and one value, or one point");
            if (line.size() < 2) throw error(file, key, "'" + key.text() + "' needs a value");
            Word arg = line.get(1);
            switch (key.text().toLowerCase(Locale.ROOT)) {
                case "samples" -> {
                    if (samples > 0) throw error(file, key, "a second 'samples' line");
                    double v = Tokens.plainNumber(arg.text());
                    if (Double.isNaN(v) || v != Math.floor(v) || v < 1)
                        throw error(file, arg, "samples must be a whole number from 1 to " + MAX_SAMPLES + ", got '" + arg.text() + "'");
                    if (v > MAX_SAMPLES) throw error(file, arg, "too many samples: at most " + MAX_SAMPLES + ", got " + arg.text());
                    samples = (int) v;
                    inPoints = false;
                }
                case "bw" -> {
                    if (bandwidth >= 0) throw error(file, key, "a second 'bw' line");
                    bandwidth = IpfwBandwidth.parse(file, arg);
                }
                case "loss-level" -> {
                    if (loss >= 0) throw error(file, key, "a second 'loss-level' line");
                    double v = Tokens.plainNumber(arg.text());
                    if (Double.isNaN(v)) throw error(file, arg, "loss-level must be a number from 0 to 1, got '" + arg.text() + "'");
                    if (v > 1) throw error(file, arg, "loss-level must be at most 1, got " + arg.text());
                    loss = v;
                    inPoints = false;
                }
                case "name" -> {
                    if (name != null) throw error(file, key, "a second 'name' line");
                    name = arg.text();
                    inPoints = false;
                }
                case "delay", "prob" -> {
                    if (inPoints) throw error(file, key, "a second column header inside the points");
                    if (sawHeader) throw error(file, key, "a second column header (the first at line " + header.line() + ")");
                    String other = key.text().equalsIgnoreCase("delay") ? "prob" : "delay";
                    if (!arg.text().equalsIgnoreCase(other))
                        throw error(file, arg, "expected '" + key.text() + " " + other + "', got '" + key.text() + " " + arg.text() + "'");
                    delayFirst = key.text().equalsIgnoreCase("delay");
                    inPoints = sawHeader = true;
                    header = key;
                }
                default -> {
                    if (!inPoints) {
                        if (!Double.isNaN(Tokens.plainNumber(key.text())))
                            throw error(file, key, "a point before its column header: write 'prob delay' or 'delay prob' first");
                        throw error(file, key, "unknown keyword '" + key.text() + "': expected name, bw, loss-level, samples, prob or delay");
                    }
                    double a = Tokens.plainNumber(key.text()), b = Tokens.plainNumber(arg.text());
                    if (Double.isNaN(a)) throw error(file, key, "not a point: '" + key.text() + "' is not a non-negative number");
                    if (Double.isNaN(b)) throw error(file, arg, "not a point: '" + arg.text() + "' is not a non-negative number");
                    double prob = delayFirst ? b : a, delay = delayFirst ? a : b;
                    Word probWord = delayFirst ? arg : key, delayWord = delayFirst ? key : arg;
                    if (prob > 1) throw error(file, probWord, "probability greater than 1: " + probWord.text());
                    if (delay > 3_600_000) throw error(file, delayWord, "delay above one hour: " + delayWord.text() + " ms");
                    if (points.size() == MAX_POINTS) throw error(file, key, "too many points: at most " + MAX_POINTS);
                    points.add(new Point(prob, delay));
                }
            }
        }
        if (points.size() < 2) throw new SourceError(file, lastLine, 1, "too few points: a profile needs at least 2 after 'prob delay' or 'delay prob'");
        if (samples < 0) samples = 100;
        if (loss < 0) loss = 1;
        return new EmpiricalProfile(name == null ? "" : name, Math.max(bandwidth, 0), (int) (loss * samples), interpolate(points, samples));
    }

    /** The points as {@code samples} delays, ipfw's segment rules (see the class comment). */
    private static long[] interpolate(List<Point> points, int samples) {
        Point[] p = points.toArray(new Point[0]);
        Arrays.sort(p, (x, y) -> x.prob != y.prob ? Double.compare(x.prob, y.prob) : Double.compare(x.delayMs, y.delayMs));
        long[] out = new long[samples];
        for (int i = 0; i + 1 < p.length; i++) {
            double y1 = p[i].prob * samples, x1 = p[i].delayMs, y2 = p[i + 1].prob * samples, x2 = p[i + 1].delayMs;
            int stop = (int) y2;
            if (x1 == x2) {
                for (int ix = (int) y1; ix < stop; ix++) out[ix] = toNs(x1);
            } else {
                double m = (y2 - y1) / (x2 - x1), c = y1 - m * x1;
                // ix starts at ⌊y1⌋, so the line may be extended a little left of p1: ipfw's rule, but never below 0
                for (int ix = (int) y1; ix < stop; ix++) out[ix] = Math.max(0, toNs((ix - c) / m));
            }
        }
        return out;
    }

    private static long toNs(double ms) { return Math.round(ms * 1e6); }

    private static SourceError error(String file, Word at, String reason) {
        return new SourceError(file, at.line(), at.column(), reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmpiricalProfile d && d.name.equals(name) && d.bandwidthBps == bandwidthBps && d.lossIndex == lossIndex
                && Arrays.equals(d.samplesNs, samplesNs);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(samplesNs) * 31 + lossIndex; }

    @Override
    public String toString() {
        return "profile " + (name.isEmpty() ? "" : name + " ") + samplesNs.length + " samples, loss from index " + lossIndex;
    }
}
