package elvis.config;

import elvis.config.Units.BadValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Times something is off, as {@code down='2s-5s, 8s'} declares them: intervals in time order, not
 * overlapping; the last may have no end (off to the end of the run).
 *
 * @param list in time order
 */
public record Intervals(List<Interval> list) {
    public static final Intervals NONE = new Intervals(List.of());
    /** The end of an interval that lasts to the end of the run. */
    public static final long FOREVER = Long.MAX_VALUE;

    /** From {@code fromNs} up to {@code toNs} ({@link #FOREVER}: no end). */
    public record Interval(long fromNs, long toNs) {
        public Interval {
            if (fromNs < 0 || toNs <= fromNs) throw new IllegalArgumentException("interval must end after it starts: " + fromNs + ".." + toNs);
        }
    }

    public Intervals {
        list = List.copyOf(list);
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).fromNs() <= list.get(i - 1).toNs())
                throw new IllegalArgumentException("intervals must be in time order, not overlapping: " + list);
        }
    }

    public boolean isEmpty() { return list.isEmpty(); }

    /** Parses {@code FROM-TO, FROM-TO, FROM}; {@code what} names the attribute in messages. */
    static Intervals parse(String text, String what, long maxNs) throws BadValue {
        List<Interval> out = new ArrayList<>();
        long previousEnd = -1;
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            int dash = part.indexOf('-');
            long from = Units.duration(dash < 0 ? part : part.substring(0, dash).strip(), what, maxNs, Units.formatDuration(maxNs));
            long to = dash < 0 ? FOREVER : Units.duration(part.substring(dash + 1).strip(), what, maxNs, Units.formatDuration(maxNs));
            if (to <= from) throw new BadValue(what + " interval '" + part + "' must end after it starts");
            if (from <= previousEnd)
                throw new BadValue(what + " interval '" + part + "' must start after the previous one ends (intervals in time order)");
            if (to == FOREVER && i < parts.length - 1)
                throw new BadValue(what + " interval '" + part + "' has no end, so it must be the last");
            out.add(new Interval(from, to));
            previousEnd = to;
        }
        return new Intervals(out);
    }

    /** As a description writes them: {@code 2s-5s, 8s}, or {@code none}. */
    public String format() {
        if (list.isEmpty()) return "none";
        List<String> parts = new ArrayList<>();
        for (Interval i : list) {
            parts.add(Units.formatDuration(i.fromNs()) + (i.toNs() == FOREVER ? "" : "-" + Units.formatDuration(i.toNs())));
        }
        return String.join(", ", parts);
    }
}
