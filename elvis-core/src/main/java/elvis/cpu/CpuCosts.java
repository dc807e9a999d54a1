package elvis.cpu;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A machine's named CPU costs, as {@code cpu_costs='per_request=50us, deflate_l1=200MB/s'} declares
 * them. Each is a price per unit of something its user counts (a request, a byte compressed at level
 * 1, a packet), written either as the CPU time one unit takes ({@code 50us}, {@code 0.25ns}) or as how
 * many units one core does per second ({@code 200MB/s} for bytes, {@code 20000/s} for anything else).
 * Both become an exact rational number of nanoseconds per unit; a quantity's cost is rounded up to
 * whole nanoseconds, so any work that costs something takes at least 1 ns.
 *
 * <p>Sizes in rates follow the rest of NDL: {@code KB} = 1024 bytes, {@code MB} = 1024² bytes.
 */
public final class CpuCosts {
    public static final CpuCosts NONE = new CpuCosts(List.of());

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_DIGITS = 18;
    private static final int MAX_COSTS = 1000;
    private static final long PS_PER_NS = 1000;
    private static final BigDecimal MAX_PS = BigDecimal.valueOf(3_600_000_000_000_000L);  // 1 h per unit
    private static final BigDecimal MAX_RATE = BigDecimal.valueOf(1L << 50);                          // 1 PB/s

    /**
     * One named cost: {@code numerator / denominator} nanoseconds per unit, in lowest terms.
     *
     * @param written the value as the description wrote it, for results
     */
    public record Cost(String name, long numerator, long denominator, String written) {
        public Cost {
            if (numerator <= 0 || denominator <= 0) throw new IllegalArgumentException("a cost is positive: " + numerator + "/" + denominator);
        }

        /** The CPU time in ns of {@code quantity} units (≥ 0), rounded up; saturates at Long.MAX_VALUE. */
        public long ns(long quantity) {
            if (quantity < 0) throw new IllegalArgumentException("negative quantity of " + name + ": " + quantity);
            return Exact.mulDivCeil(quantity, numerator, denominator);
        }
    }

    /** A cost list that cannot be used; {@link #offset} is where in the text the problem is (0-based). */
    public static final class CostError extends Exception {
        private final int offset;

        public CostError(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }

        public int offset() { return offset; }
    }

    private final List<Cost> costs;

    private CpuCosts(List<Cost> costs) { this.costs = List.copyOf(costs); }

    public static CpuCosts of(List<Cost> costs) {
        for (int i = 0; i < costs.size(); i++)
            for (int j = 0; j < i; j++)
                if (costs.get(i).name().equals(costs.get(j).name())) throw new IllegalArgumentException("cost '" + costs.get(i).name() + "' given twice");
        return costs.isEmpty() ? NONE : new CpuCosts(costs);
    }

    public List<Cost> list() { return costs; }

    public boolean isEmpty() { return costs.isEmpty(); }

    /** The cost called {@code name}, or null when none is declared. */
    public Cost find(String name) {
        for (Cost c : costs) if (c.name.equals(name)) return c;
        return null;
    }

    /** The CPU time in ns of {@code quantity} units of {@code name}; 0 when the machine declares no such cost. */
    public long ns(String name, long quantity) {
        Cost c = find(name);
        return c == null ? 0 : c.ns(quantity);
    }

    /** As a description writes the list: {@code per_request=50us, deflate_l1=200MB/s}. */
    public String format() {
        List<String> parts = new ArrayList<>(costs.size());
        for (Cost c : costs) parts.add(c.name + "=" + c.written);
        return String.join(", ", parts);
    }

    @Override
    public String toString() { return format(); }

    /**
     * Parses {@code name=value, name=value, …}: names {@code [a-z][a-z0-9_]*}, each once; values a
     * positive duration per unit ({@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s}; down to
     * 1 ps) or a positive rate ({@code /s}, {@code B/s}, {@code KB/s}, {@code MB/s}, {@code GB/s},
     * {@code TB/s}). Unit names ignore case.
     */
    public static CpuCosts parse(String text) throws CostError {
        List<Cost> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int comma = text.indexOf(',', at);
            int end = comma < 0 ? text.length() : comma;
            out.add(entry(text, at, end, out));
            if (out.size() > MAX_COSTS) throw new CostError("more than " + MAX_COSTS + " costs", at);
            if (comma < 0) break;
            at = comma + 1;
        }
        return of(out);
    }

    private static Cost entry(String text, int from, int to, List<Cost> before) throws CostError {
        int start = skipSpace(text, from, to), end = trimEnd(text, start, to);
        if (start == end) throw new CostError("empty entry: expected name=value such as 'per_request=50us'", start);
        int eq = text.indexOf('=', start);
        if (eq < 0 || eq >= end) throw new CostError("'" + text.substring(start, end) + "' has no '=': expected name=value such as 'per_request=50us'", start);
        int nameEnd = trimEnd(text, start, eq);
        String name = text.substring(start, nameEnd);
        if (!NAME.matcher(name).matches())
            throw new CostError("cost name '" + name + "' must start with a lower-case letter and contain only a-z, 0-9 and '_'", start);
        for (Cost c : before) if (c.name.equals(name)) throw new CostError("cost '" + name + "' is given twice", start);
        int valueStart = skipSpace(text, eq + 1, end);
        if (valueStart == end) throw new CostError("cost '" + name + "' has no value: write a time per unit such as '50us' or a rate such as '200MB/s'", valueStart);
        return value(name, text.substring(valueStart, end), valueStart);
    }

    private static Cost value(String name, String v, int at) throws CostError {
        int split = 0;
        while (split < v.length() && (Character.isDigit(v.charAt(split)) && v.charAt(split) < 128 || v.charAt(split) == '.')) split++;
        String digits = v.substring(0, split), unit = v.substring(split).strip();
        BigDecimal number = decimal(digits);
        if (number == null)
            throw new CostError("cost '" + name + "' value '" + v + "' must be a number with a unit, such as '50us' or '200MB/s'", at);
        if (number.signum() == 0) throw new CostError("cost '" + name + "' must be above 0 (leave it out for no cost)", at);
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.endsWith("/s")) {
            BigDecimal scale = switch (u.substring(0, u.length() - 2).strip()) {
                case "" -> BigDecimal.ONE;
                case "b" -> BigDecimal.ONE;
                case "kb" -> BigDecimal.valueOf(1L << 10);
                case "mb" -> BigDecimal.valueOf(1L << 20);
                case "gb" -> BigDecimal.valueOf(1L << 30);
                case "tb" -> BigDecimal.valueOf(1L << 40);
                default -> null;
            };
            if (scale == null) throw new CostError("unknown rate unit '" + unit + "' in cost '" + name + "'; use /s, B/s, KB/s, MB/s, GB/s or TB/s", at + split);
            BigDecimal rate = number.multiply(scale).stripTrailingZeros();
            if (rate.compareTo(MAX_RATE) > 0) throw new CostError("cost '" + name + "' rate '" + v + "' is above 1PB/s", at);
            // ns per unit = 1e9 / rate = 1e9 · 10^s / unscaled
            int s = Math.max(0, rate.scale());
            BigInteger num = BigInteger.valueOf(1_000_000_000L).multiply(BigInteger.TEN.pow(s));
            BigInteger den = rate.scale() >= 0 ? rate.unscaledValue() : rate.toBigIntegerExact();
            return reduced(name, num, den, v, at);
        }
        long psPerUnit = switch (u) {
            case "ns" -> 1_000L;
            case "us", "µs" -> 1_000_000L;
            case "ms" -> 1_000_000_000L;
            case "s" -> 1_000_000_000_000L;
            default -> 0;
        };
        if (psPerUnit == 0) {
            throw new CostError((unit.isEmpty() ? "cost '" + name + "' value '" + v + "' needs a unit" : "unknown unit '" + unit + "' in cost '" + name + "'")
                    + ": a time per unit (ns, us, ms, s) or a rate (/s, B/s, KB/s, MB/s, GB/s)", at + split);
        }
        BigDecimal ps = number.multiply(BigDecimal.valueOf(psPerUnit));
        if (ps.compareTo(MAX_PS) > 0) throw new CostError("cost '" + name + "' '" + v + "' is above 1h per unit", at);
        if (ps.stripTrailingZeros().scale() > 0) throw new CostError("cost '" + name + "' '" + v + "' is finer than 1 picosecond per unit", at);
        return reduced(name, ps.toBigIntegerExact(), BigInteger.valueOf(PS_PER_NS), v, at);
    }

    private static Cost reduced(String name, BigInteger num, BigInteger den, String written, int at) throws CostError {
        BigInteger g = num.gcd(den);
        num = num.divide(g);
        den = den.divide(g);
        if (num.bitLength() > 62 || den.bitLength() > 62)
            throw new CostError("cost '" + name + "' '" + written + "' has too many digits", at);
        return new Cost(name, num.longValue(), den.longValue(), written);
    }

    /** Digits with at most one '.', at most 18 digits; null otherwise. */
    private static BigDecimal decimal(String t) {
        if (t.isEmpty() || t.length() > MAX_DIGITS + 1 || t.equals(".")) return null;
        int dot = t.indexOf('.');
        if (dot >= 0 && t.indexOf('.', dot + 1) >= 0) return null;
        return new BigDecimal(t);
    }

    private static int skipSpace(String s, int i, int to) {
        while (i < to && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) to--;
        return to;
    }
}
