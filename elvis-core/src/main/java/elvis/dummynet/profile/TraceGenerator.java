package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.config.Units;
import elvis.sim.RandomStream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A seeded synthetic bandwidth trace with a target mean and coefficient of variation, for when no
 * recorded trace may be shipped (ModNet's 3G traces, Table 2: img1 2.67 Mbit/s CV 0.54 over 457 s …).
 * <p>
 * One rate per {@code step}: a log-normal AR(1) process (lag-one correlation {@code corr}, as a
 * mobile link's rate drifts rather than jumps), then matched to the targets: the samples are moved
 * to the target mean and standard deviation and clipped at 0, repeated until both hold within
 * 10^-9 (clipping moves them a little each round). So the trace hits its targets over its stated
 * duration, not only in the long run.
 * <p>
 * Spec: {@code gen:mean=2.67Mbps,cv=0.54,duration=457s} with optional {@code step=1s} (default),
 * {@code corr=0.8} (default) and {@code seed=1} (default).
 */
public final class TraceGenerator {
    private TraceGenerator() {}

    /** The prefix of a generator spec where a trace file name is expected. */
    public static final String PREFIX = "gen:";

    /** Makes the trace a spec describes; {@code where} names the spec's place in errors (file, line, column of its first character). */
    public static BandwidthTrace parse(String spec, String file, int line, int column, BandwidthTrace.End end) throws SourceError {
        if (!spec.startsWith(PREFIX)) throw new SourceError(file, line, column, "a generator spec starts with 'gen:'");
        Map<String, String> args = new LinkedHashMap<>();
        Map<String, Integer> at = new LinkedHashMap<>();
        int pos = PREFIX.length();
        for (String part : spec.substring(PREFIX.length()).split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            if (eq < 0) throw new SourceError(file, line, column + pos, "expected KEY=VALUE, got '" + part + "'");
            if (!java.util.List.of("mean", "cv", "duration", "step", "corr", "seed").contains(key))
                throw new SourceError(file, line, column + pos, "unknown generator key '" + key + "': expected mean, cv, duration, step, corr or seed");
            if (args.put(key, part.substring(eq + 1).strip()) != null) throw new SourceError(file, line, column + pos, "'" + key + "' given twice");
            at.put(key, column + pos + eq + 1);
            pos += part.length() + 1;
        }
        for (String k : java.util.List.of("mean", "cv", "duration"))
            if (!args.containsKey(k)) throw new SourceError(file, line, column, "the generator needs " + k + "= (mean, cv and duration are required)");
        try {
            long mean = Units.bandwidth(args.get("mean"), "mean");
            double cv = decimal(args.get("cv"), "cv", 0, 10);
            long duration = Units.duration(args.get("duration"), "duration", 8760L * 3600 * Units.NANOS_PER_SECOND, "8760h");
            long step = args.containsKey("step") ? Units.duration(args.get("step"), "step", duration, "the duration") : Units.NANOS_PER_SECOND;
            double corr = args.containsKey("corr") ? decimal(args.get("corr"), "corr", 0, 0.999) : 0.8;
            long seed = args.containsKey("seed") ? Units.seed(args.get("seed")) : 1;
            if (mean == 0) throw new Units.BadValue("mean must be above 0");
            if (step == 0) throw new Units.BadValue("step must be above 0");
            if (duration / step < 2) throw new Units.BadValue("duration must hold at least 2 steps");
            if (duration / step > 10_000_000) throw new Units.BadValue("more than 10,000,000 steps: use a longer step");
            return generate(mean, cv, duration, step, corr, seed, end);
        } catch (Units.BadValue e) {
            String key = args.keySet().stream().filter(k -> e.getMessage().contains(k)).findFirst().orElse(null);
            throw new SourceError(file, line, key == null ? column : at.get(key), e.getMessage());
        }
    }

    private static double decimal(String text, String what, double min, double max) throws Units.BadValue {
        double v;
        try {
            v = text.matches("\\d+(\\.\\d+)?|\\.\\d+") ? Double.parseDouble(text) : Double.NaN;
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v) || v < min || v > max) throw new Units.BadValue(what + " must be a number from " + min + " to " + max + ", got '" + text + "'");
        return v;
    }

    /** {@code duration / step} rates (the last step shortened to fit) with mean {@code meanBps} and the given CV. */
    public static BandwidthTrace generate(long meanBps, double cv, long durationNs, long stepNs, double corr, long seed, BandwidthTrace.End end) {
        int n = (int) Math.ceilDiv(durationNs, stepNs);
        RandomStream random = new RandomStream(seed);
        double sigma = Math.sqrt(Math.log1p(cv * cv));
        double[] x = new double[n];
        double z = gaussian(random), innovation = Math.sqrt(1 - corr * corr);
        for (int i = 0; i < n; i++) {
            if (i > 0) z = corr * z + innovation * gaussian(random);
            x[i] = Math.exp(sigma * z);
        }
        long[] starts = new long[n];
        double[] weight = new double[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i * stepNs;
            weight[i] = (Math.min(durationNs, (i + 1) * stepNs) - starts[i]) / (double) durationNs;
        }
        double targetSd = cv * meanBps;
        for (int round = 0; round < 1000; round++) {
            double m = 0, sq = 0;
            for (int i = 0; i < n; i++) m += weight[i] * x[i];
            for (int i = 0; i < n; i++) sq += weight[i] * (x[i] - m) * (x[i] - m);
            double sd = Math.sqrt(sq);
            if (Math.abs(m - meanBps) <= 1e-9 * meanBps && Math.abs(sd - targetSd) <= 1e-9 * meanBps) break;
            double scale = sd == 0 ? 0 : targetSd / sd;
            for (int i = 0; i < n; i++) x[i] = Math.max(0, meanBps + (x[i] - m) * scale);
        }
        long[] rates = new long[n];
        for (int i = 0; i < n; i++) rates[i] = Math.round(x[i]);
        return new BandwidthTrace(starts, rates, durationNs, end);
    }

    private static double gaussian(RandomStream random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();     // u in (0, 1]
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
