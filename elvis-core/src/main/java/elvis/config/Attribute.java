package elvis.config;

import elvis.config.Units.BadValue;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parameter of a component, declared once (ns-3's TypeId attribute): its name as descriptions
 * write it, its kind with unit, its range, its default and one line of documentation. The NDL
 * checker parses values with it, the documentation tables are generated from it, and the results
 * echo the values it formats. Immutable; the fluent methods return changed copies.
 *
 * @param <T> the value's Java type, fixed by the factory: {@code Long} for durations (ns), sizes
 *            (bytes) and bandwidths (bit/s), {@code Integer} for small whole numbers and ports,
 *            {@code Double} for probabilities, {@code Boolean}, {@code String}, {@link QueueLimit},
 *            {@link Intervals}
 */
public final class Attribute<T> {
    private final String name;
    private final Kind kind;
    private final Class<T> type;
    private final T defaultValue;
    private final String defaultNote;
    private final boolean required;
    private final long min, max;
    private final List<String> choices;
    private final String doc;

    private Attribute(String name, Kind kind, Class<T> type, T defaultValue, String defaultNote, boolean required, long min, long max,
                      List<String> choices, String doc) {
        if (!name.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("attribute name must be lower_snake_case: " + name);
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultNote = defaultNote;
        this.required = required;
        this.min = min;
        this.max = max;
        this.choices = List.copyOf(choices);
        this.doc = doc;
    }

    private static <T> Attribute<T> of(String name, Kind kind, Class<T> type, long min, long max, List<String> choices) {
        return new Attribute<>(name, kind, type, null, null, false, min, max, choices, "");
    }

    // ---- declarations ----

    public static Attribute<String> string(String name) { return of(name, Kind.STRING, String.class, 0, 0, List.of()); }

    /** A whole number in [min, max], held as an int. */
    public static Attribute<Integer> integer(String name, int min, int max) { return of(name, Kind.INT, Integer.class, min, max, List.of()); }

    /** A whole number in [min, max], held as a long. */
    public static Attribute<Long> wholeNumber(String name, long min, long max) { return of(name, Kind.INT, Long.class, min, max, List.of()); }

    public static Attribute<Integer> port(String name) { return of(name, Kind.PORT, Integer.class, 0, 65535, List.of()); }

    /** An IPv4 address, held as its 32 bits. */
    public static Attribute<Integer> ipv4(String name) { return of(name, Kind.IPV4, Integer.class, 0, 0, List.of()); }

    /** A machine name or an address, as written; the description language resolves it. */
    public static Attribute<String> destination(String name) { return of(name, Kind.DESTINATION, String.class, 0, 0, List.of()); }

    /** A duration in ns, in [min, max]. */
    public static Attribute<Long> duration(String name, long min, long max) { return of(name, Kind.DURATION, Long.class, min, max, List.of()); }

    /** A size in bytes, in [min, max]. */
    public static Attribute<Long> size(String name, long min, long max) { return of(name, Kind.SIZE, Long.class, min, max, List.of()); }

    /** A bit rate in bit/s, 0..10 Tbps. */
    public static Attribute<Long> bandwidth(String name) { return of(name, Kind.BANDWIDTH, Long.class, 0, Units.MAX_BANDWIDTH, List.of()); }

    public static Attribute<Double> probability(String name) { return of(name, Kind.PROBABILITY, Double.class, 0, 1, List.of()); }

    public static Attribute<Boolean> bool(String name) { return of(name, Kind.BOOLEAN, Boolean.class, 0, 1, List.of()); }

    /** One of {@code choices} (lower case); values are matched ignoring case. */
    public static Attribute<String> choice(String name, List<String> choices) {
        return of(name, Kind.CHOICE, String.class, 0, 0, choices.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
    }

    public static Attribute<String> choice(String name, String... choices) { return choice(name, List.of(choices)); }

    /** A limit in packets (at most {@code maxPackets}) or, written with a size unit, in bytes (at most {@code maxBytes}). */
    public static Attribute<QueueLimit> queueLimit(String name, int maxPackets, long maxBytes) {
        return of(name, Kind.QUEUE_LIMIT, QueueLimit.class, maxPackets, maxBytes, List.of());
    }

    /** Time intervals, each end at most {@code maxNs}; by default none. */
    public static Attribute<Intervals> intervals(String name, long maxNs) {
        return of(name, Kind.INTERVALS, Intervals.class, 0, maxNs, List.of()).byDefault(Intervals.NONE);
    }

    /** The value when the attribute is not given. */
    public Attribute<T> byDefault(T value) {
        new Attribute<>(name, kind, type, null, null, required, min, max, choices, doc).check(value);   // in range, or byDefault(value, note)
        return new Attribute<>(name, kind, type, Objects.requireNonNull(value), defaultNote, required, min, max, choices, doc);
    }

    /**
     * The default, with how the documentation shows it: a value that needs words (a link's bandwidth
     * 0, "unlimited"), or a sentinel outside the range, which is then not checked (TCP's {@code iw} 0,
     * "the RFC 5681 rule").
     */
    public Attribute<T> byDefault(T value, String note) {
        return new Attribute<>(name, kind, type, Objects.requireNonNull(value), note, required, min, max, choices, doc);
    }

    /** An attribute that must be given. */
    public Attribute<T> required() { return new Attribute<>(name, kind, type, defaultValue, defaultNote, true, min, max, choices, doc); }

    /** One line of documentation: what the value means. */
    public Attribute<T> doc(String line) { return new Attribute<>(name, kind, type, defaultValue, defaultNote, required, min, max, choices, line); }

    // ---- reading ----

    public String name() { return name; }
    public Kind kind() { return kind; }
    public boolean isRequired() { return required; }
    public T defaultValue() { return defaultValue; }
    public String doc() { return doc; }
    public Class<T> type() { return type; }

    /** The value {@code text} stands for; the failure's message names the attribute and the text as written. */
    public T parse(String text) throws BadValue {
        Object v = switch (kind) {
            case STRING, DESTINATION -> text;
            case INT -> narrow(Units.wholeNumber(text, name, min, max));
            case PORT -> Units.port(text, name);
            case IPV4 -> Units.ipv4(text);
            case DURATION -> atLeast(Units.duration(text, name, max, Units.formatDuration(max)), text);
            case SIZE -> atLeast(Units.size(text, name, max, readableSize(max)), text);
            case BANDWIDTH -> Units.bandwidth(text, name);
            case PROBABILITY -> Units.fraction(text, name);
            case BOOLEAN -> Units.bool(text, name);
            case CHOICE -> choice(text);
            case QUEUE_LIMIT -> Units.hasSizeUnit(text)
                    ? QueueLimit.bytes(Units.size(text, name, max, readableSize(max)))
                    : QueueLimit.packets((int) Units.wholeNumber(text, name, 0, min));
            case INTERVALS -> Intervals.parse(text, name, max);
        };
        return type.cast(v);
    }

    private Object narrow(long v) {
        return type == Integer.class ? (Object) (int) v : (Object) v;
    }

    private long atLeast(long v, String text) throws BadValue {
        if (v >= min) return v;
        if (min == 1 && kind == Kind.DURATION) throw new BadValue("'" + name + "' must be above 0");
        throw new BadValue(name + " must be at least " + format(min) + ", got '" + text + "'");
    }

    private String choice(String text) throws BadValue {
        String lower = text.toLowerCase(Locale.ROOT);
        if (choices.contains(lower)) return lower;
        throw new BadValue(name + " must be " + String.join(" or ", choices.stream().map(c -> "'" + c + "'").toList())
                + ", got '" + text + "'" + Suggest.hint(text, choices));
    }

    /** Rejects a value set in code that the declaration does not allow (its default always passes). */
    public T check(T value) {
        if (value == null) throw new IllegalArgumentException(name + " must have a value");
        if (value.equals(defaultValue)) return value;
        boolean ok = switch (kind) {
            case INT, PORT, DURATION, SIZE, BANDWIDTH -> {
                long v = ((Number) value).longValue();
                yield v >= min && v <= max;
            }
            case PROBABILITY -> {
                double p = (Double) value;
                yield p >= 0 && p <= 1;
            }
            case CHOICE -> choices.contains(value);
            case QUEUE_LIMIT -> ((QueueLimit) value).packets() <= min && ((QueueLimit) value).bytes() <= max;
            case INTERVALS -> ((Intervals) value).list().stream().allMatch(i -> i.fromNs() <= max && (i.toNs() <= max || i.toNs() == Intervals.FOREVER));
            case STRING, DESTINATION, IPV4, BOOLEAN -> true;
        };
        if (!ok) throw new IllegalArgumentException(name + " must be "
                + (kind == Kind.CHOICE ? "one of " + String.join(", ", choices) : values()) + ": " + format(value));
        return value;
    }

    /** The value as a description would write it: {@code 10Mbps}, {@code 20ms}, {@code 64KB}, {@code 0.5%}. */
    public String format(Object value) {
        return switch (kind) {
            case DURATION -> Units.formatDuration(((Number) value).longValue());
            case SIZE -> Units.formatSize(((Number) value).longValue());
            case BANDWIDTH -> Units.formatBandwidth(((Number) value).longValue());
            case PROBABILITY -> Units.formatFraction(((Number) value).doubleValue());
            case IPV4 -> Units.formatIpv4(((Number) value).intValue());
            case QUEUE_LIMIT -> {
                QueueLimit q = (QueueLimit) value;
                yield q.bytes() > 0 ? Units.formatSize(q.bytes()) : Integer.toString(q.packets());
            }
            case INTERVALS -> ((Intervals) value).format();
            default -> String.valueOf(value);
        };
    }

    /** The values allowed, for documentation: {@code 68..65,535}, {@code duration 0..1h}, {@code 'static' or 'dynamic'}. */
    public String values() {
        return switch (kind) {
            case STRING -> "text";
            case INT -> max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "whole number ≥ " + Units.grouped(min)
                    : Units.grouped(min) + ".." + Units.grouped(max);
            case PORT -> "port 0..65535, decimal or `0x` hex";
            case IPV4 -> "IPv4 address";
            case DESTINATION -> "machine name or IPv4 address";
            case DURATION -> "duration " + Units.formatDuration(min) + ".." + Units.formatDuration(max);
            case SIZE -> "size " + Units.formatSize(min) + ".." + readableSize(max);
            case BANDWIDTH -> "bandwidth 0..10Tbps";
            case PROBABILITY -> "probability 0..100%";
            case BOOLEAN -> "`true` or `false`";
            case CHOICE -> String.join(", ", choices.stream().map(c -> "`" + c + "`").toList());
            case QUEUE_LIMIT -> "packets 0.." + Units.grouped(min) + ", or with a size unit bytes up to " + readableSize(max);
            case INTERVALS -> "intervals `FROM-TO` of durations up to " + Units.formatDuration(max)
                    + ", separated by commas, in time order; the last may be `FROM` alone (to the end of the run)";
        };
    }

    /** A limit in a unit when one divides it into a short number ({@code 1GB}), else in grouped bytes. */
    private static String readableSize(long bytes) {
        String unit = Units.formatSize(bytes);
        return unit.length() <= 6 ? unit : Units.grouped(bytes) + " bytes";
    }

    /** The default as the documentation shows it, or null when there is none. */
    public String defaultText() {
        if (defaultNote != null) return defaultNote;
        return defaultValue == null ? null : format(defaultValue);
    }

    @Override
    public String toString() { return name; }
}
