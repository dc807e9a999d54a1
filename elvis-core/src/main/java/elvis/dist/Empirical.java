package elvis.dist;

import elvis.sim.RandomStream;
import elvis.util.SourceError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code empirical(FILE)}: the values of a file, one per line, each optionally followed by
 * {@code ,weight} (default 1); blank lines and lines starting with {@code #} are skipped; values may
 * carry the quantity's units. A sample is one of the values with probability weight ÷ total (binary
 * search over cumulative weights, O(log n)).
 */
final class Empirical implements Distribution {
    static final int MAX_ROWS = 10_000_000;

    private final String spec;
    private final double[] values;       // ascending
    private final double[] cumulative;   // cumulative[i] = weight of values[0..i]
    private final double mean;

    private Empirical(String spec, double[] values, double[] cumulative) {
        this.spec = spec;
        this.values = values;
        this.cumulative = cumulative;
        double s = 0, previous = 0;
        for (int i = 0; i < values.length; i++) {
            s += values[i] * (cumulative[i] - previous);
            previous = cumulative[i];
        }
        this.mean = s / previous;
    }

    static Empirical parse(String spec, String source, String text, Quantity q) throws SourceError {
        List<double[]> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int start = line.indexOf(t.charAt(0));
            int comma = line.indexOf(',');
            if (comma >= 0 && line.indexOf(',', comma + 1) >= 0) {
                throw new SourceError(source, lineNo, line.indexOf(',', comma + 1) + 1, "too many fields: expected 'value' or 'value,weight'");
            }
            String v = comma < 0 ? line : line.substring(0, comma);
            double value = Numbers.parse(v.strip(), q, source, lineNo, start + 1, "value");
            if (value < 0 && !q.allowsNegative()) throw new SourceError(source, lineNo, start + 1, "negative value");
            double weight = 1;
            if (comma >= 0) {
                String w = line.substring(comma + 1);
                int at = comma + 2 + (w.length() - w.stripLeading().length());
                weight = Numbers.parse(w.strip(), Quantity.NUMBER, source, lineNo, at, "weight");
                if (weight < 0) throw new SourceError(source, lineNo, at, "negative weight");
            }
            if (rows.size() == MAX_ROWS) throw new SourceError(source, lineNo, 1, "more than " + MAX_ROWS + " values");
            rows.add(new double[] {value, weight});
        }
        if (rows.isEmpty()) throw new SourceError(source, 1, 1, "no values: expected one value (or value,weight) per line");
        rows.sort(Comparator.comparingDouble(r -> r[0]));
        double[] values = new double[rows.size()], cumulative = new double[rows.size()];
        double total = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[0];
            total += rows.get(i)[1];
            cumulative[i] = total;
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new SourceError(source, 1, 1, "the weights must add up to a positive finite number");
        }
        return new Empirical(spec, values, cumulative);
    }

    @Override
    public double sample(RandomStream r) {
        double u = r.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        // The first value whose cumulative weight exceeds u; zero-weight values are never chosen.
        i = i < 0 ? -i - 1 : i + 1;
        while (i < values.length - 1 && cumulative[i] <= u) i++;
        return values[Math.min(i, values.length - 1)];
    }

    @Override
    public double mean() { return mean; }

    @Override
    public double cdf(double x) {
        int i = Arrays.binarySearch(values, x);
        if (i >= 0) {
            while (i + 1 < values.length && values[i + 1] == x) i++;
        } else {
            i = -i - 2;
        }
        return i < 0 ? 0 : cumulative[i] / cumulative[cumulative.length - 1];
    }

    @Override
    public String toString() { return spec; }
}
