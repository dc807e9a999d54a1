package elvis.dummynet.aqm.ipfw;

import elvis.dummynet.Aqm;
import elvis.dummynet.IpfwConfig.Tokens;
import elvis.dummynet.aqm.AqmConfig;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.dummynet.aqm.Red;

/**
 * ipfw's AQM keywords on a {@code pipe|queue N config} line, for the loader's
 * {@link elvis.dummynet.IpfwConfig.Extensions#aqm}: {@code red|gred w_q/min_th/max_th/max_p [ecn]},
 * {@code codel [target T] [interval T] [ecn|noecn]}, {@code pie [target T] [tupdate T] [alpha A]
 * [beta B] [max_burst T] [max_ecnth P] [ecn|noecn] [capdrop|nocapdrop] [drand|nodrand] [dre|ts]}
 * (dummynet's defaults, §1.2; times in ms unless they carry s, ms or us). PIE's {@code onoff}
 * is refused: it is not modelled. Errors are located at the word at fault.
 */
public final class AqmSyntax {
    private AqmSyntax() { }

    /** The AQM {@code keyword} starts, reading its parameters from {@code t}; null when it is no AQM keyword. */
    public static Aqm parse(String keyword, Tokens t) {
        AqmConfig config = switch (keyword) {
            case "red", "gred" -> red(t, keyword.equals("gred"));
            case "codel" -> codel(t, CoDel.DEFAULT);
            case "pie" -> pie(t, Pie.DEFAULT);
            default -> null;
        };
        return config == null ? null : new DummynetAqm(config);
    }

    private static Red red(Tokens t, boolean gentle) {
        String v = t.next("w_q/min_th/max_th/max_p");
        String[] parts = v.split("/", -1);
        if (parts.length != 4) throw t.error("expected w_q/min_th/max_th/max_p such as 0.002/30/80/0.1, found '" + v + "'");
        double wq = number(t, parts[0], "w_q"), min = number(t, parts[1], "min_th"), max = number(t, parts[2], "max_th"), maxP = number(t, parts[3], "max_p");
        boolean ecn = "ecn".equals(t.peek());
        if (ecn) t.next("");
        return build(t, () -> new Red(wq, min, max, maxP, gentle, ecn, false));
    }

    /** CoDel's parameter words from {@code t}, over {@code start}'s values; stops at the first other word (also for fq_codel). */
    public static CoDel codel(Tokens t, CoDel start) {
        long target = start.targetNs(), interval = start.intervalNs();
        boolean ecn = start.ecn();
        for (String w = t.peek(); w != null; w = t.peek()) {
            switch (w) {
                case "target" -> { t.next(""); target = duration(t, "target"); }
                case "interval" -> { t.next(""); interval = duration(t, "interval"); }
                case "ecn", "noecn" -> { t.next(""); ecn = w.equals("ecn"); }
                default -> { return codel(t, target, interval, ecn); }
            }
        }
        return codel(t, target, interval, ecn);
    }

    private static CoDel codel(Tokens t, long target, long interval, boolean ecn) { return build(t, () -> new CoDel(target, interval, ecn)); }

    /** PIE's parameter words from {@code t}, over {@code d}'s values; stops at the first other word (also for fq_pie). */
    public static Pie pie(Tokens t, Pie d) {
        long target = d.targetNs(), tupdate = d.tupdateNs(), maxBurst = d.maxBurstNs();
        double alpha = d.alpha(), beta = d.beta(), maxEcnth = d.maxEcnth();
        boolean ecn = d.ecn(), capdrop = d.capdrop(), derand = d.derand(), ts = d.timestamps();
        loop:
        for (String w = t.peek(); w != null; w = t.peek()) {
            switch (w) {
                case "target" -> { t.next(""); target = duration(t, "target"); }
                case "tupdate" -> { t.next(""); tupdate = duration(t, "tupdate"); }
                case "max_burst" -> { t.next(""); maxBurst = duration(t, "max_burst"); }
                case "alpha" -> { t.next(""); alpha = number(t, t.next("alpha"), "alpha"); }
                case "beta" -> { t.next(""); beta = number(t, t.next("beta"), "beta"); }
                case "max_ecnth" -> { t.next(""); maxEcnth = number(t, t.next("max_ecnth"), "max_ecnth"); }
                case "ecn", "noecn" -> { t.next(""); ecn = w.equals("ecn"); }
                case "capdrop", "nocapdrop" -> { t.next(""); capdrop = w.equals("capdrop"); }
                case "drand", "nodrand" -> { t.next(""); derand = w.equals("drand"); }
                case "dre", "ts" -> { t.next(""); ts = w.equals("ts"); }
                case "onoff" -> { t.next(""); throw t.error("pie onoff is not supported (PIE is always on)"); }
                default -> { break loop; }
            }
        }
        long tg = target, tu = tupdate, mb = maxBurst;
        double a = alpha, b = beta, me = maxEcnth;
        boolean e = ecn, c = capdrop, r = derand, s = ts;
        return build(t, () -> new Pie(tg, tu, a, b, mb, me, e, c, r, s));
    }

    /** The parameters' own checks, located at the last word read. */
    private static <T> T build(Tokens t, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw t.error(e.getMessage());
        }
    }

    private static double number(Tokens t, String text, String what) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v) && !text.endsWith("d") && !text.endsWith("f") && !text.endsWith("D") && !text.endsWith("F")) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw t.error("expected a number for " + what + ", found '" + text + "'");
    }

    /** Milliseconds unless suffixed s, ms or us. */
    private static long duration(Tokens t, String what) {
        String v = t.next("a " + what);
        int split = 0;
        while (split < v.length() && (Character.isDigit(v.charAt(split)) || v.charAt(split) == '.' || v.charAt(split) == '-')) split++;
        long unit = switch (v.substring(split).toLowerCase(java.util.Locale.ROOT)) {
            case "", "ms" -> 1_000_000;
            case "us" -> 1_000;
            case "s" -> 1_000_000_000;
            default -> throw t.error("unknown time unit in " + what + " '" + v + "' (s, ms, us)");
        };
        double ns = number(t, v.substring(0, split), what) * unit;
        if (ns <= 0) throw t.error(what + " must be positive: '" + v + "'");
        if (ns > 3.6e12) throw t.error(what + " too large: '" + v + "'");
        return Math.round(ns);
    }
}
