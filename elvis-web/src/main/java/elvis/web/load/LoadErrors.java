package elvis.web.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What went wrong, by kind, as wrk's "Socket errors" line and its non-2xx/3xx count: connections
 * refused or never established, connections reset, requests unanswered within the timeout,
 * responses whose status is 400 or more (also counted per status code), and responses that did not
 * parse. Every status code received is counted, so a report can say how many 200s there were.
 */
public final class LoadErrors {
    /** The kinds, in the order reports list them. */
    public enum Kind { CONNECT, RESET, TIMEOUT, STATUS, PARSE }

    private final long[] counts = new long[Kind.values().length];
    private final TreeMap<Integer, Long> statuses = new TreeMap<>();

    public void add(Kind kind) { counts[kind.ordinal()]++; }

    /** A response arrived with {@code status}; 400 and above is an error of kind {@link Kind#STATUS}. */
    public void status(int status) {
        statuses.merge(status, 1L, Long::sum);
        if (status >= 400) counts[Kind.STATUS.ordinal()]++;
    }

    public long count(Kind kind) { return counts[kind.ordinal()]; }

    public long total() {
        long t = 0;
        for (long c : counts) t += c;
        return t;
    }

    /** Responses by status code, in numeric order. */
    public Map<Integer, Long> statuses() { return java.util.Collections.unmodifiableMap(statuses); }

    /** {@code {"connect":0,"reset":0,…}}, every kind present, in {@link Kind} order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Kind k : Kind.values()) m.put(k.name().toLowerCase(java.util.Locale.ROOT), counts[k.ordinal()]);
        return m;
    }
}
