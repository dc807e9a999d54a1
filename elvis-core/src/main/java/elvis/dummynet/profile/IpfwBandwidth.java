package elvis.dummynet.profile;

import elvis.util.SourceError;
import elvis.config.Units;
import elvis.dummynet.profile.Tokens.Word;

/** A bandwidth as ipfw writes it ({@code 256Kbit/s}, {@code 1Mbit/s}, {@code 2MByte/s}, {@code 1000}) or as NDL does ({@code 10Mbps}). */
final class IpfwBandwidth {
    private IpfwBandwidth() {}

    static long parse(String file, Word w) throws SourceError {
        String t = w.text();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
        if (i == 0 || i > 15) throw bad(file, w);
        long v = Long.parseLong(t.substring(0, i));
        String unit = t.substring(i);
        long scale = 1;
        if (!unit.isEmpty() && (unit.charAt(0) == 'K' || unit.charAt(0) == 'k')) { scale = 1_000; unit = unit.substring(1); }
        else if (!unit.isEmpty() && (unit.charAt(0) == 'M' || unit.charAt(0) == 'm')) { scale = 1_000_000; unit = unit.substring(1); }
        else if (!unit.isEmpty() && (unit.charAt(0) == 'G' || unit.charAt(0) == 'g')) { scale = 1_000_000_000; unit = unit.substring(1); }
        switch (unit) {
            case "", "bit/s", "Bit/s", "bit", "Bit", "bps" -> { }
            case "byte/s", "Byte/s", "B/s", "bytes/s", "Bytes/s" -> scale *= 8;
            default -> {
                try {
                    return Units.bandwidth(t, "bw");       // NDL's units (10Mbps) too
                } catch (Units.BadValue e) {
                    throw bad(file, w);
                }
            }
        }
        if (v > Units.MAX_BANDWIDTH / scale) throw new SourceError(file, w.line(), w.column(), "bw above 10 Tbit/s: " + t);
        return v * scale;
    }

    private static SourceError bad(String file, Word w) {
        return new SourceError(file, w.line(), w.column(), "invalid bw '" + w.text() + "': expected a rate such as 256Kbit/s, 1Mbit/s or 10Mbps");
    }
}
