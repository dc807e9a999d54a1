package elvis.routing.bgp;

import java.util.Arrays;

/**
 * COMMUNITIES values (RFC 1997): 32-bit numbers written {@code AS:value} with two 16-bit halves, and
 * the well-known ones. A set of communities is a sorted int[] without duplicates (compared unsigned),
 * so that equal sets are equal arrays.
 */
public final class Communities {
    private Communities() {}

    public static final int NO_EXPORT = 0xFFFFFF01, NO_ADVERTISE = 0xFFFFFF02, NO_EXPORT_SUBCONFED = 0xFFFFFF03;
    static final int[] NONE = {};

    /** Parses {@code AS:value} (each 0..65535) or a well-known name; throws IllegalArgumentException. */
    public static int parse(String text) {
        switch (text) {
            case "no-export": return NO_EXPORT;
            case "no-advertise": return NO_ADVERTISE;
            case "no-export-subconfed": return NO_EXPORT_SUBCONFED;
            default:
        }
        int colon = text.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("a community is AS:value or no-export, no-advertise, no-export-subconfed, not '" + text + "'");
        return half(text.substring(0, colon), text) << 16 | half(text.substring(colon + 1), text);
    }

    private static int half(String s, String text) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9'))
            throw new IllegalArgumentException("community '" + text + "': each half is a number 0..65535");
        int v = Integer.parseInt(s);
        if (v > 0xFFFF) throw new IllegalArgumentException("community '" + text + "': each half is a number 0..65535");
        return v;
    }

    public static String format(int c) {
        return switch (c) {
            case NO_EXPORT -> "no-export";
            case NO_ADVERTISE -> "no-advertise";
            case NO_EXPORT_SUBCONFED -> "no-export-subconfed";
            default -> (c >>> 16) + ":" + (c & 0xFFFF);
        };
    }

    public static boolean contains(int[] set, int c) {
        for (int x : set) if (x == c) return true;
        return false;
    }

    /** {@code set} with {@code add} and without {@code remove}; the same array when nothing changes. */
    public static int[] edit(int[] set, int[] add, int[] remove) {
        int[] out = set;
        for (int c : remove) if (contains(out, c)) out = without(out, c);
        for (int c : add) if (!contains(out, c)) out = with(out, c);
        return out;
    }

    static int[] with(int[] set, int c) {
        int[] out = Arrays.copyOf(set, set.length + 1);
        int i = set.length;
        while (i > 0 && Integer.compareUnsigned(out[i - 1], c) > 0) { out[i] = out[i - 1]; i--; }
        out[i] = c;
        return out;
    }

    static int[] without(int[] set, int c) {
        int[] out = new int[set.length - 1];
        int k = 0;
        for (int x : set) if (x != c) out[k++] = x;
        return out;
    }
}
