package elvis.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the quantities NDL values carry: durations, bandwidths, sizes, fractions, ports, whole numbers.
 * Each failure is a {@link BadValue} whose message names the attribute and the value as written.
 * Numbers are checked by length before conversion, so absurd inputs cost nothing.
 */
public final class Units {

    /** A value that cannot be used; the message is ready to show to the user. */
    public static final class BadValue extends Exception {
        public BadValue(String message) {
            super(message, null, false, false);
        }
    }

    public static final long NANOS_PER_SECOND = 1_000_000_000L;
    public static final long MAX_BANDWIDTH = 10_000_000_000_000L; // 10 Tbps: beyond any real link

    private static final Map<String, Long> TIME_UNITS = units(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", NANOS_PER_SECOND,
            "min", 60 * NANOS_PER_SECOND, "h", 3600 * NANOS_PER_SECOND);
    private static final Map<String, Long> RATE_UNITS = units(
            "bps", 1L, "kbps", 1_000L, "mbps", 1_000_000L, "gbps", 1_000_000_000L, "tbps", 1_000_000_000_000L);
    private static final Map<String, Long> SIZE_UNITS = units(
            "b", 1L, "kb", 1L << 10, "kib", 1L << 10, "mb", 1L << 20, "mib", 1L << 20, "gb", 1L << 30, "gib", 1L << 30, "tb", 1L << 40, "tib", 1L << 40);

    /** Longest number accepted before it is called out of range, so BigDecimal never sees a huge string. */
    private static final int MAX_DIGITS = 30;

    private Units() {}

    private static Map<String, Long> units(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return m;
    }

    /** A duration in nanoseconds, 0..max: {@code 20ms}, {@code 150us}, {@code 1.5s}; a bare {@code 0} is allowed. */
    public static long duration(String text, String what, long maxNanos, String maxText) throws BadValue {
        return scaled(text, what, TIME_UNITS, 0, maxNanos, maxText, "ns, us, ms, s, min or h", "20ms",
                "nanoseconds");
    }

    /** A bandwidth in bit/s, 0..10 Tbps: {@code 10Mbps}, {@code 1.5Gbps}, or a plain number of bit/s. */
    public static long bandwidth(String text, String what) throws BadValue {
        return scaled(text, what, RATE_UNITS, 1, MAX_BANDWIDTH, "10Tbps", "bps, kbps, Mbps, Gbps or Tbps", "10Mbps",
                "bits per second");
    }

    /** A size in bytes: {@code 1500B}, {@code 64KB} (KB = KiB = 1024 bytes), or a plain number of bytes. */
    public static long size(String text, String what, long max, String maxText) throws BadValue {
        return scaled(text, what, SIZE_UNITS, 1, max, maxText, "B, KB, MB or GB", "64KB", "bytes");
    }

    /** True when the text carries a size unit rather than being a plain number. */
    public static boolean hasSizeUnit(String text) {
        return !text.isEmpty() && Character.isLetter(text.charAt(text.length() - 1));
    }

    /** A fraction 0..1 written as a percentage {@code 0.5%} or directly {@code 0.005}. */
    public static double fraction(String text, String what) throws BadValue {
        boolean percent = text.endsWith("%");
        String number = percent ? text.substring(0, text.length() - 1).strip() : text.strip();
        BigDecimal value = decimal(number);
        if (value == null) {
            throw new BadValue("invalid " + what + " '" + text + "': expected a percentage such as '0.5%' or a fraction such as '0.005'");
        }
        if (percent) {
            value = value.movePointLeft(2);
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            String hint = !percent && value.signum() > 0 && value.compareTo(BigDecimal.valueOf(100)) <= 0
                    ? "; write '" + text + "%' for a percentage" : "";
            throw new BadValue(what + " must be between 0% and 100%, got '" + text + "'" + hint);
        }
        return value.doubleValue();
    }

    /** A port 0..65535, decimal or {@code 0x} hexadecimal. */
    public static int port(String text, String what) throws BadValue {
        String t = text.strip();
        BigInteger value;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            String hex = t.substring(2);
            if (hex.isEmpty() || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                throw new BadValue("invalid hexadecimal " + what + " '" + text + "'");
            }
            value = hex.length() > MAX_DIGITS ? null : new BigInteger(hex, 16);
        } else {
            value = integer(t);
            if (value == null) {
                throw new BadValue("invalid " + what + " '" + text + "': expected a number 0..65535, decimal or 0x hexadecimal");
            }
        }
        if (value == null || value.signum() < 0 || value.compareTo(BigInteger.valueOf(65535)) > 0) {
            throw new BadValue(what + " must be between 0 and 65535, got '" + text + "'");
        }
        return value.intValue();
    }

    /** A whole decimal number in [min, max]. */
    public static long wholeNumber(String text, String what, long min, long max) throws BadValue {
        BigInteger value = integer(text.strip());
        if (value == null) {
            throw new BadValue(what + " must be a whole number, got '" + text + "'");
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new BadValue(what + " must be between " + grouped(min) + " and " + grouped(max) + ", got '" + text + "'");
        }
        return value.longValue();
    }

    /** A 64-bit seed: any signed decimal, or {@code 0x} followed by up to 16 hex digits. */
    public static long seed(String text) throws BadValue {
        String t = text.strip();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            String hex = t.substring(2);
            if (!hex.isEmpty() && hex.length() <= 16 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                return Long.parseUnsignedLong(hex, 16);
            }
        } else {
            BigInteger value = integer(t);
            if (value != null && value.bitLength() < 64) {
                return value.longValue();
            }
        }
        throw new BadValue("seed must be a 64-bit whole number (decimal or 0x hexadecimal), got '" + text + "'");
    }

    public static boolean bool(String text, String what) throws BadValue {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadValue(what + " must be 'true' or 'false', got '" + text + "'");
        };
    }

    /** An IPv4 address {@code a.b.c.d} as its 32 bits. */
    public static int ipv4(String text) throws BadValue {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) throw new BadValue("'" + text + "' is not an IPv4 address (a.b.c.d)");
        int ip = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9'))
                throw new BadValue("'" + text + "' is not an IPv4 address (a.b.c.d)");
            int octet = Integer.parseInt(part);
            if (octet > 255) throw new BadValue("'" + text + "': octet " + octet + " is above 255");
            ip = (ip << 8) | octet;
        }
        return ip;
    }

    public static String formatIpv4(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /** A duration as one would write it: the largest unit that divides it exactly ({@code 2min}, {@code 200ms}, {@code 0}). */
    public static String formatDuration(long ns) {
        return exact(ns, new String[] {"ns", "us", "ms", "s", "min", "h"},
                new long[] {1, 1_000, 1_000_000, NANOS_PER_SECOND, 60 * NANOS_PER_SECOND, 3600 * NANOS_PER_SECOND});
    }

    /** A size as one would write it: {@code 64KB}, {@code 1GB}, {@code 1500B}, {@code 0}. */
    public static String formatSize(long bytes) {
        return exact(bytes, new String[] {"B", "KB", "MB", "GB", "TB"}, new long[] {1, 1L << 10, 1L << 20, 1L << 30, 1L << 40});
    }

    /** A bit rate as one would write it: {@code 10Mbps}, {@code 1500kbps}, {@code 0}. */
    public static String formatBandwidth(long bps) {
        return exact(bps, new String[] {"bps", "kbps", "Mbps", "Gbps", "Tbps"},
                new long[] {1, 1_000, 1_000_000, 1_000_000_000, 1_000_000_000_000L});
    }

    /** A fraction as a percentage: {@code 0.5%}, {@code 0%}. */
    public static String formatFraction(double p) {
        return BigDecimal.valueOf(p).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code n} in the largest unit that divides it exactly; 0 is written bare. */
    private static String exact(long n, String[] names, long[] scales) {
        if (n == 0) return "0";
        int best = 0;
        for (int i = 1; i < scales.length; i++) if (n % scales[i] == 0) best = i;
        return (n / scales[best]) + names[best];
    }

    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * A number with an optional unit scaled to the base unit. {@code bareScale} is the multiplier for a
     * number without unit, or 0 when only zero may be written without a unit.
     */
    private static long scaled(String text, String what, Map<String, Long> units, long bareScale, long max,
                               String maxText, String unitList, String example, String baseName) throws BadValue {
        String t = text.strip();
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || "+-.".indexOf(t.charAt(split)) >= 0)) {
            split++;
        }
        String unit = t.substring(split).strip();
        BigDecimal number = decimal(t.substring(0, split));
        if (number == null) {
            throw new BadValue("invalid " + what + " '" + text + "': expected a number with a unit such as '" + example + "'");
        }
        if (number.signum() < 0) {
            throw new BadValue(what + " must not be negative, got '" + text + "'");
        }
        long scale;
        if (unit.isEmpty()) {
            if (bareScale == 0 && number.signum() != 0) {
                throw new BadValue(what + " '" + text + "' needs a unit: " + unitList);
            }
            scale = Math.max(bareScale, 1);
        } else {
            // Case does not matter, except that 'B' (bytes) is not a bit rate.
            Long s = units == RATE_UNITS && unit.contains("B") ? null : units.get(unit.toLowerCase(Locale.ROOT));
            if (s == null) {
                throw new BadValue("unknown unit '" + unit + "' in " + what + " '" + text + "'; use " + unitList);
            }
            scale = s;
        }
        BigDecimal base = number.multiply(BigDecimal.valueOf(scale));
        if (base.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new BadValue(what + " must be at most " + maxText + ", got '" + text + "'");
        }
        if (base.stripTrailingZeros().scale() > 0) {
            throw new BadValue(what + " '" + text + "' is not a whole number of " + baseName);
        }
        return base.longValueExact();
    }

    /**
     * A plain decimal {@code [+-]digits[.digits]}, or null if the text is not one. Absurdly long numbers
     * become ±10^30, so they fail range checks without being converted.
     */
    private static BigDecimal decimal(String t) {
        if (t.isEmpty()) {
            return null;
        }
        int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        int digits = 0;
        int dots = 0;
        for (int j = i; j < t.length(); j++) {
            char c = t.charAt(j);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && dots == 0) {
                dots++;
            } else {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (t.length() > MAX_DIGITS) {
            return BigDecimal.TEN.pow(MAX_DIGITS).multiply(BigDecimal.valueOf(t.charAt(0) == '-' ? -1 : 1));
        }
        return new BigDecimal(t);
    }

    /** A plain integer {@code [+-]digits}, or null. Over-long numbers become a huge value, so they fail range checks. */
    private static BigInteger integer(String t) {
        int i = !t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (t.length() == i || !t.substring(i).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        if (t.length() > MAX_DIGITS) {
            return t.charAt(0) == '-' ? BigInteger.ONE.shiftLeft(100).negate() : BigInteger.ONE.shiftLeft(100);
        }
        return new BigInteger(t);
    }
}
