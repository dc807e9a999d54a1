package elvis.app;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Parsing of the unit-bearing quantities that descriptions use. */
public final class Units {
    private Units() {}

    private static final long MAX_NS = 100L * 365 * 24 * 3600 * 1_000_000_000L;   // a century

    // Longest suffixes first, so "ms" is not read as "m" + "s".
    private static final String[] DURATION_UNITS = {"ns", "us", "µs", "ms", "s", "m", "h"};
    private static final long[] DURATION_NS = {1, 1_000, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};

    /** '20ms', '150us', '1.5s', '500ns', '2m', '1h'; a bare number is seconds. */
    public static long durationNs(String text) {
        String t = text.trim().toLowerCase();
        for (int i = 0; i < DURATION_UNITS.length; i++) {
            String u = DURATION_UNITS[i];
            if (t.endsWith(u) && (u.length() == 2 || !endsWithTwoLetterUnit(t))) {
                return scaled(t.substring(0, t.length() - u.length()), DURATION_NS[i], text);
            }
        }
        return scaled(t, 1_000_000_000L, text);
    }

    private static boolean endsWithTwoLetterUnit(String t) {
        return t.endsWith("ns") || t.endsWith("us") || t.endsWith("µs") || t.endsWith("ms");
    }

    private static long scaled(String number, long multiplier, String original) {
        try {
            BigDecimal v = new BigDecimal(number.trim()).multiply(BigDecimal.valueOf(multiplier));
            if (v.signum() < 0) throw new IllegalArgumentException("a duration must not be negative: '" + original + "'");
            if (v.compareTo(BigDecimal.valueOf(MAX_NS)) > 0) throw new IllegalArgumentException("duration too large: '" + original + "'");
            return v.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + original + "' is not a duration (e.g. '20ms', '150us', '2s')");
        }
    }
}
