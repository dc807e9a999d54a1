package elvis.app;

import elvis.protocol.ipv4.Ipv4Address;

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
        String v = string(key);
        try {
            long n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            if (n < min || n > max) throw new ArgumentException(key, "'" + key + "' must be between " + min + " and " + max + ", got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new ArgumentException(key, "'" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public long integer(String key, long min, long max, long fallback) { return has(key) ? integer(key, min, max) : fallback; }

    /** A port: decimal or 0x hex, 1..65535. */
    public int port(String key) { return (int) integer(key, 1, 65535); }

    public int ipv4(String key) {
        try {
            return Ipv4Address.parse(string(key));
        } catch (IllegalArgumentException e) {
            throw e instanceof ArgumentException ? e : new ArgumentException(key, "'" + key + "': " + e.getMessage());
        }
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        return switch (string(key).toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ArgumentException(key, "'" + key + "' must be true or false, got '" + string(key) + "'");
        };
    }

    /** A duration such as '10ms', '150us', '2s', '500ns' (a bare number means seconds), in ns. */
    public long duration(String key, long fallback) {
        if (!has(key)) return fallback;
        try {
            return Units.durationNs(string(key));
        } catch (IllegalArgumentException e) {
            throw new ArgumentException(key, "'" + key + "': " + e.getMessage());
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
