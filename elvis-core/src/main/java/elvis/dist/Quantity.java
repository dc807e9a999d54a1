package elvis.dist;

/**
 * What a distribution's values measure, given by the caller when parsing: it decides the units a
 * parameter may carry and the base unit samples come out in. A bare number is in the base unit.
 */
public enum Quantity {
    /** Plain numbers (counts, ratios): no unit suffix; negative values allowed where the family allows them. */
    NUMBER("", new String[0], new double[0], new double[0]),
    /** Durations; samples in seconds. Suffixes ns, us, ms, s, min, h. */
    TIME("s", new String[] {"ns", "us", "ms", "s", "min", "h"},
            new double[] {1, 1, 1, 1, 60, 3600}, new double[] {1e9, 1e6, 1e3, 1, 1, 1}),
    /** Sizes; samples in bytes. Suffixes as elsewhere in NDL: B, KB = KiB = 1024 B, MB = MiB, GB = GiB. */
    SIZE("B", new String[] {"B", "KB", "KiB", "MB", "MiB", "GB", "GiB"},
            new double[] {1, 1024, 1024, 1L << 20, 1L << 20, 1L << 30, 1L << 30}, new double[] {1, 1, 1, 1, 1, 1, 1});

    final String baseSuffix;
    private final String[] suffixes;
    // value = number * multiplier / divisor: dividing by 1000 rather than multiplying by 0.001 keeps
    // 30ms exactly the double nearest 0.03.
    private final double[] multipliers, divisors;

    Quantity(String baseSuffix, String[] suffixes, double[] multipliers, double[] divisors) {
        this.baseSuffix = baseSuffix;
        this.suffixes = suffixes;
        this.multipliers = multipliers;
        this.divisors = divisors;
    }

    /** The value of {@code number} followed by {@code suffix} (case-insensitive), or NaN for an unknown suffix. */
    double scale(double number, String suffix) {
        if (suffix.isEmpty()) return number;
        for (int i = 0; i < suffixes.length; i++) {
            if (suffixes[i].equalsIgnoreCase(suffix)) return number * multipliers[i] / divisors[i];
        }
        return Double.NaN;
    }

    String suffixList() {
        return this == NUMBER ? "no unit" : String.join(", ", suffixes);
    }

    boolean allowsNegative() { return this == NUMBER; }
}
