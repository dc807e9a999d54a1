package elvis.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The key='value' arguments of one application, with typed getters whose errors name the argument
 * at fault (so a description language can point at its line and column).
 */
public final class Arguments {
    private final Map<String, String> values;

    public Arguments(Map<String, String> values) { this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); }

    public static Arguments of(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return new Arguments(m);
    }

    public Set<String> keys() { return values.keySet(); }

    public boolean has(String key) { return values.containsKey(key); }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) throw new ArgumentException(key, "missing argument '" + key + "'");
        return v;
    }

    public String string(String key, String fallback) { return values.getOrDefault(key, fallback); }

    public long integer(String key, long min, long max) {
        return parse(key, v -> Units.wholeNumber(v, key, min, max));
    }

    public long integer(String key, long min, long max, long fallback) { return has(key) ? integer(key, min, max) : fallback; }

    /** A port: decimal or 0x hex, 1..65535. */
    public int port(String key) {
        int port = (int) parse(key, v -> Units.port(v, key));
        if (port == 0) throw new ArgumentException(key, "'" + key + "' must be between 1 and 65535, got 0");
        return port;
    }

    public int ipv4(String key) {
        try {
            return Units.ipv4(string(key));
        } catch (Units.BadValue e) {
            throw new ArgumentException(key, "'" + key + "': " + e.getMessage());
        }
    }

    public boolean bool(String key, boolean fallback) {
        return has(key) ? parse(key, v -> Units.bool(v, key) ? 1 : 0) == 1 : fallback;
    }

    /** A duration such as '10ms', '150us', '2s', in ns (at most a year). */
    public long duration(String key, long fallback) {
        return has(key) ? parse(key, v -> Units.duration(v, key, MAX_DURATION_NS, "8760h")) : fallback;
    }

    /** A size such as '1500', '64KB', in bytes (at most {@code max}). */
    public long size(String key, long max, long fallback) {
        return has(key) ? parse(key, v -> Units.size(v, key, max, Units.grouped(max) + " bytes")) : fallback;
    }

    private static final long MAX_DURATION_NS = 8760L * 3600 * Units.NANOS_PER_SECOND;

    private interface Parser { long parse(String value) throws Units.BadValue; }

    private long parse(String key, Parser parser) {
        try {
            return parser.parse(string(key));
        } catch (Units.BadValue e) {
            throw new ArgumentException(key, e.getMessage());
        }
    }

    /** An application argument that is wrong, with the argument's key. */
    public static final class ArgumentException extends IllegalArgumentException {
        private final String key;

        public ArgumentException(String key, String message) {
            super(message);
            this.key = key;
        }

        public String key() { return key; }
    }
}
