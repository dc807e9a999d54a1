package elvis.dist;

import elvis.sim.RandomStream;
import elvis.util.SourceError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bucket histogram read from a CSV file: a header {@code buckets,weights}, then one row per bucket,
 * {@code lower_bound,count}, with a constant width (the Yahoo web distributions are in this form).
 * Bucket i covers [low + i·width, low + (i+1)·width); the last bucket has the same width as the others.
 * Bounds are recomputed as low + i·width, so floating-point drift in the file (35.900000000000006) does
 * not matter; a bound further than 10^-6 of a width from its place is an error.
 *
 * <p>{@link #sample} picks a bucket with probability proportional to its count (Vose's alias table,
 * O(1)) and then a value uniform within it; {@link #sampleLowerBound} returns the bucket's lower bound
 * instead (the original Elvis's rule, kept for comparisons). Values are in whatever unit the file is in.
 * In the NDL syntax it is {@code histogram(FILE)}. Immutable; build it once and share it.
 */
public final class Histogram implements Distribution {
    static final int MAX_BUCKETS = 1_000_000;

    private final String spec;
    private final double low, width;
    private final double[] weights;
    private final int[] lines;       // the file line of each bucket's row, for callers' range errors
    private final double total;
    private final double[] aliasProbability;
    private final int[] alias;

    private Histogram(String spec, double low, double width, double[] weights, int[] lines) {
        this.spec = spec;
        this.lines = lines;
        this.low = low;
        this.width = width;
        this.weights = weights;
        double t = 0;
        for (double w : weights) t += w;
        this.total = t;
        int n = weights.length;
        aliasProbability = new double[n];
        alias = new int[n];
        buildAliasTable();
    }

    /** Vose's alias method: each column holds its own bucket with some probability, else one alias. */
    private void buildAliasTable() {
        int n = weights.length;
        double[] scaled = new double[n];
        int[] small = new int[n], large = new int[n];
        int ns = 0, nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1) small[ns++] = i; else large[nl++] = i;
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns], l = large[--nl];
            aliasProbability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            if (scaled[l] < 1) small[ns++] = l; else large[nl++] = l;
        }
        // Left-overs are 1 up to rounding: they always keep their own bucket.
        while (nl > 0) { int l = large[--nl]; aliasProbability[l] = 1; alias[l] = l; }
        while (ns > 0) { int s = small[--ns]; aliasProbability[s] = 1; alias[s] = s; }
    }

    /** Reads a histogram file; {@code shownName} is how errors and {@link #toString} name it. */
    public static Histogram load(Path file, String shownName) throws IOException, SourceError {
        if (Files.size(file) > 64L << 20) throw new SourceError(shownName, 1, 1, "file larger than 64 MB");
        return parse(shownName, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses the text of a histogram file called {@code source} (used in errors and {@link #toString}). */
    public static Histogram parse(String source, String text) throws SourceError {
        List<double[]> rows = new ArrayList<>();
        List<Integer> rowLines = new ArrayList<>();
        int lineNo = 0;
        boolean header = false;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isBlank()) continue;
            if (!header) {
                if (!line.strip().replace(" ", "").equalsIgnoreCase("buckets,weights")) {
                    throw new SourceError(source, lineNo, 1, "expected the header 'buckets,weights', found '"
                            + Numbers.clip(line.strip()) + "'");
                }
                header = true;
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) throw new SourceError(source, lineNo, line.length() + 1, "expected 'lower_bound,count'");
            if (line.indexOf(',', comma + 1) >= 0) {
                throw new SourceError(source, lineNo, line.indexOf(',', comma + 1) + 1, "too many fields: expected 'lower_bound,count'");
            }
            if (rows.size() == MAX_BUCKETS) throw new SourceError(source, lineNo, 1, "more than " + MAX_BUCKETS + " buckets");
            String a = line.substring(0, comma), b = line.substring(comma + 1);
            double lower = Numbers.parse(a.strip(), Quantity.NUMBER, source, lineNo, 1 + lead(a), "bucket lower bound");
            double count = Numbers.parse(b.strip(), Quantity.NUMBER, source, lineNo, comma + 2 + lead(b), "bucket count");
            if (count < 0) throw new SourceError(source, lineNo, comma + 2 + lead(b), "negative bucket count");
            rows.add(new double[] {lower, count});
            rowLines.add(lineNo);
        }
        if (!header) throw new SourceError(source, 1, 1, "empty histogram: expected the header 'buckets,weights'");
        if (rows.size() < 2) throw new SourceError(source, Math.max(1, lineNo - 1), 1, "a histogram needs at least two buckets (their distance is the width)");
        double low = rows.get(0)[0], width = rows.get(1)[0] - low;
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new SourceError(source, rowLines.get(1), 1, "bucket lower bounds must increase");
        }
        double[] weights = new double[rows.size()];
        int[] lines = new int[rows.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            double expected = low + i * width;
            if (Math.abs(rows.get(i)[0] - expected) > 1e-6 * width) {
                throw new SourceError(source, rowLines.get(i), 1, "bucket lower bound " + Families.format(rows.get(i)[0], Quantity.NUMBER)
                        + " breaks the constant width " + Families.format(width, Quantity.NUMBER)
                        + " (expected " + Families.format(expected, Quantity.NUMBER) + ")");
            }
            weights[i] = rows.get(i)[1];
            lines[i] = rowLines.get(i);
            total += weights[i];
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new SourceError(source, rowLines.get(0), 1, "the bucket counts must add up to a positive finite number");
        }
        return new Histogram("histogram(" + source + ")", low, width, weights, lines);
    }

    private static int lead(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** The same histogram printed as {@code spec} (the file name as the NDL text wrote it). */
    Histogram withSpec(String spec) { return new Histogram(spec, low, width, weights, lines); }

    public int buckets() { return weights.length; }
    public double width() { return width; }
    public double lowerBound(int bucket) { return low + bucket * width; }
    public double weight(int bucket) { return weights[bucket]; }
    /** The line of the file where the bucket's row is, so that a caller can locate its own range checks. */
    public int line(int bucket) { return lines[bucket]; }
    public double totalWeight() { return total; }

    /** A bucket, with probability weight ÷ total: two draws from {@code r}. */
    public int sampleBucket(RandomStream r) {
        int column = (int) r.nextLong(weights.length);
        return r.nextDouble() < aliasProbability[column] ? column : alias[column];
    }

    /** A value uniform within a bucket chosen by weight. */
    @Override
    public double sample(RandomStream r) {
        int bucket = sampleBucket(r);
        return lowerBound(bucket) + width * r.nextDouble();
    }

    /** The lower bound of a bucket chosen by weight (the original Elvis's sampling). */
    public double sampleLowerBound(RandomStream r) { return lowerBound(sampleBucket(r)); }

    /** The mean of {@link #sample}: bucket middles weighted by count. */
    @Override
    public double mean() { return lowerBoundMean() + width / 2; }

    /** The mean of {@link #sampleLowerBound}. */
    public double lowerBoundMean() {
        double s = 0;
        for (int i = 0; i < weights.length; i++) s += weights[i] * lowerBound(i);
        return s / total;
    }

    /** P(X ≤ x) for {@link #sample}: linear within each bucket. */
    @Override
    public double cdf(double x) {
        double below = 0;
        for (int i = 0; i < weights.length; i++) {
            double lo = lowerBound(i);
            if (x < lo) break;
            below += weights[i] * Math.min(1, (x - lo) / width);
        }
        return below / total;
    }

    @Override
    public String toString() { return spec; }
}
