package elvis.dist;

import elvis.util.SourceError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The distribution syntax shared by every application (docs/ndl.md, "Distributions"):
 * <pre>
 *   exp(MEAN)                 exponential
 *   lognormal(MU, SIGMA)      ln X ~ Normal(MU, SIGMA²), X in the base unit; MU and SIGMA are plain numbers
 *   pareto(SCALE, SHAPE)      P(X &gt; x) = (SCALE / x)^SHAPE for x ≥ SCALE
 *   weibull(SCALE, SHAPE)     P(X &gt; x) = exp(-(x / SCALE)^SHAPE)
 *   uniform(A, B)             uniform in [A, B)
 *   const(X)  or a bare X     always X
 *   empirical(FILE)           one value (or value,weight) per line, chosen by weight
 *   histogram(FILE)           a 'buckets,weights' CSV, uniform within the chosen bucket
 * </pre>
 * The caller names the {@link Quantity}: for {@link Quantity#TIME} the scale-like parameters (MEAN,
 * SCALE, A, B, X) may carry ns, us, ms, s, min or h and samples are in seconds; for {@link Quantity#SIZE}
 * B, KB (1024), MB or GB and samples are in bytes; a bare number is in that base unit. Shapes are plain
 * numbers. FILE is relative to {@code baseDir} (the NDL file's directory). Every mistake is a
 * {@link SourceError} located in the text (at {@code source}), or in FILE for a mistake inside it: then
 * {@code e.file()} is FILE's path rather than {@code source}, and a caller that reports only
 * {@code e.reason()} against its attribute should show the whole {@code e.getMessage()} instead.
 */
public final class Distributions {
    private Distributions() {}

    static final int MAX_TEXT = 4096;

    /**
     * Parses {@code text}, which starts at {@code source:line:column}.
     *
     * @param baseDir the directory FILE names are relative to; null forbids files
     */
    public static Distribution parse(String text, Quantity q, Path baseDir, String source, int line, int column)
            throws SourceError {
        if (text.length() > MAX_TEXT) throw new SourceError(source, line, column, "distribution longer than " + MAX_TEXT + " characters");
        int start = 0, end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        if (start == end) throw new SourceError(source, line, column, "empty distribution: expected e.g. 'exp(30s)' or a number");
        int open = text.indexOf('(', start);
        if (open < 0 || open >= end) {
            double x = Numbers.parse(text.substring(start, end), q, source, line, column + start, "value");
            checkSign(x, q, source, line, column + start, "value");
            return new Families.Constant(x, q);
        }
        String name = text.substring(start, open).strip();
        if (text.charAt(end - 1) != ')') throw new SourceError(source, line, column + end - 1, "expected ')' at the end of " + quoted(name));
        int argsStart = open + 1, argsEnd = end - 1;
        if (name.equals("empirical") || name.equals("histogram")) {
            return file(name, text.substring(argsStart, argsEnd), q, baseDir, source, line, column + argsStart);
        }
        List<String> args = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = argsStart; ; ) {
            int comma = text.indexOf(',', i);
            int stop = comma < 0 || comma >= argsEnd ? argsEnd : comma;
            String a = text.substring(i, stop);
            args.add(a.strip());
            at.add(column + i + (a.length() - a.stripLeading().length()));
            if (stop == argsEnd) break;
            i = stop + 1;
        }
        int c = column + start;
        return switch (name) {
            case "const" -> {
                double[] v = numbers(name, args, at, 1, new Quantity[] {q}, source, line, c);
                checkSign(v[0], q, source, line, at.get(0), "value");
                yield new Families.Constant(v[0], q);
            }
            case "uniform" -> {
                double[] v = numbers(name, args, at, 2, new Quantity[] {q, q}, source, line, c);
                checkSign(v[0], q, source, line, at.get(0), "lower end");
                if (!(v[1] > v[0])) throw new SourceError(source, line, at.get(1), "uniform(A, B) needs B > A");
                yield new Families.Uniform(v[0], v[1], q);
            }
            case "exp" -> {
                double[] v = numbers(name, args, at, 1, new Quantity[] {q}, source, line, c);
                positive(v[0], source, line, at.get(0), "mean");
                yield new Families.Exponential(v[0], q);
            }
            case "lognormal" -> {
                double[] v = numbers(name, args, at, 2, new Quantity[] {Quantity.NUMBER, Quantity.NUMBER}, source, line, c);
                positive(v[1], source, line, at.get(1), "sigma");
                yield new Families.LogNormal(v[0], v[1], q);
            }
            case "pareto" -> {
                double[] v = numbers(name, args, at, 2, new Quantity[] {q, Quantity.NUMBER}, source, line, c);
                positive(v[0], source, line, at.get(0), "scale");
                positive(v[1], source, line, at.get(1), "shape");
                yield new Families.Pareto(v[0], v[1], q);
            }
            case "weibull" -> {
                double[] v = numbers(name, args, at, 2, new Quantity[] {q, Quantity.NUMBER}, source, line, c);
                positive(v[0], source, line, at.get(0), "scale");
                positive(v[1], source, line, at.get(1), "shape");
                yield new Families.Weibull(v[0], v[1], q);
            }
            default -> throw new SourceError(source, line, c, "unknown distribution " + quoted(name)
                    + ": expected exp, lognormal, pareto, weibull, uniform, const, empirical or histogram");
        };
    }

    /** Parses a distribution that is the whole of a one-line text called {@code source}. */
    public static Distribution parse(String text, Quantity q, Path baseDir) throws SourceError {
        return parse(text, q, baseDir, "distribution", 1, 1);
    }

    private static double[] numbers(String name, List<String> args, List<Integer> at, int n, Quantity[] qs,
                                    String source, int line, int column) throws SourceError {
        if (args.size() != n) {
            throw new SourceError(source, line, column, name + " takes " + n + (n == 1 ? " parameter" : " parameters")
                    + ", found " + (args.size() == 1 && args.get(0).isEmpty() ? 0 : args.size()));
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Numbers.parse(args.get(i), qs[i], source, line, at.get(i), name + " parameter " + (i + 1));
        return v;
    }

    private static void positive(double v, String source, int line, int column, String what) throws SourceError {
        if (!(v > 0)) throw new SourceError(source, line, column, what + " must be positive");
    }

    private static void checkSign(double v, Quantity q, String source, int line, int column, String what) throws SourceError {
        if (v < 0 && !q.allowsNegative()) throw new SourceError(source, line, column, what + " must not be negative");
    }

    private static Distribution file(String name, String arg, Quantity q, Path baseDir, String source, int line, int column)
            throws SourceError {
        String fileText = arg.strip();
        int c = column + (arg.length() - arg.stripLeading().length());
        if (fileText.isEmpty()) throw new SourceError(source, line, c, name + " needs a file name");
        if (baseDir == null) throw new SourceError(source, line, c, name + "(FILE) is not available here");
        Path file;
        try {
            file = baseDir.resolve(fileText);
        } catch (InvalidPathException e) {
            throw new SourceError(source, line, c, "invalid file name '" + Numbers.clip(fileText) + "'");
        }
        String content;
        try {
            if (Files.size(file) > 64L << 20) throw new SourceError(source, line, c, "file '" + fileText + "' is larger than 64 MB");
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new SourceError(source, line, c, "cannot read '" + Numbers.clip(fileText) + "' (" + file + ")");
        }
        String spec = name + "(" + fileText + ")";
        String shown = file.toString();
        return name.equals("empirical") ? Empirical.parse(spec, shown, content, q)
                : Histogram.parse(shown, content).withSpec(spec);
    }

    private static String quoted(String name) { return "'" + Numbers.clip(name) + "'"; }
}
