package elvis.web.load;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.config.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * What an {@code http_load} does, read from its NDL arguments (R-RU-2's defaults: 1,000
 * connections, 30 s, Rusty's 500 pages).
 *
 * @param to         the server's address
 * @param host       the Host header: the server as the description names it
 * @param rate       requests per second of an open loop, 0 for a closed loop
 * @param timeoutNs  how long a request may wait for its response before it counts as a timeout
 * @param gzip       whether requests say {@code Accept-Encoding: gzip} (as {@code wrk -H})
 */
public record LoadConfig(int to, String host, int port, int connections, long durationNs, long startNs, long rate,
                         Arrivals.Kind arrivals, PageChoice pages, boolean keepAlive, long timeoutNs, boolean gzip) {
    static final long S = Units.NANOS_PER_SECOND;
    static final int MAX_CONNECTIONS = 1_000_000;
    static final int MAX_PAGES = 1_000_000;
    static final long MAX_RATE = 100_000_000;
    static final long MAX_DURATION = 8760 * 3600 * S;

    public static Schema schema() {
        return new Schema("http_load", List.of(
                Attribute.destination("to").required().doc("the server: a machine, a DNS name or an address"),
                Attribute.port("port").byDefault(80).doc("the server's port"),
                Attribute.wholeNumber("connections", 1, MAX_CONNECTIONS).byDefault(1_000L)
                        .doc("closed loop: connections each with one request outstanding; open loop: the most connections open at once"),
                Attribute.duration("duration", 1, MAX_DURATION).byDefault(30 * S).doc("how long to send requests, from start"),
                Attribute.duration("start", 0, MAX_DURATION).byDefault(0L).doc("when to begin"),
                Attribute.wholeNumber("rate", 1, MAX_RATE).byDefault(0L, "none: closed loop")
                        .doc("open loop: requests per second, latency counted from each request's intended send time (as wrk2)"),
                Attribute.choice("arrivals", "poisson", "constant").byDefault("poisson")
                        .doc("open loop: exponential gaps between intended send times, or even ones"),
                Attribute.string("path").doc("ask for this path only (`/index.html`)"),
                Attribute.string("paths").doc("ask for these paths, drawn uniformly (`/a.htm,/b.htm`)"),
                Attribute.wholeNumber("pages", 1, MAX_PAGES).byDefault(500L)
                        .doc("without `path` or `paths`: Rusty's corpus, paths `/0.htm` … `/(pages−1).htm` drawn uniformly"),
                Attribute.bool("keepalive").byDefault(true).doc("reuse connections, or open one per request (`Connection: close`)"),
                Attribute.duration("timeout", 1, MAX_DURATION).byDefault(2 * S).doc("a request unanswered this long counts as a timeout and its connection is reset (wrk's 2 s)"),
                Attribute.bool("gzip").byDefault(false).doc("send `Accept-Encoding: gzip` (a `gzip` module on the server then compresses the responses)")));
    }

    /** Reads and checks the arguments; an error names the argument at fault. */
    public static LoadConfig of(Arguments a, ApplicationFactory.Context context) {
        int to = context.destination(a, "to");
        if (a.has("path") && a.has("paths")) throw new Arguments.ArgumentException("paths", "give 'path' or 'paths', not both");
        if ((a.has("path") || a.has("paths")) && a.has("pages")) throw new Arguments.ArgumentException("pages", "'pages' names Rusty's corpus; it cannot go with 'path' or 'paths'");
        PageChoice pages;
        if (a.has("path")) pages = PageChoice.fixed(path(a, "path", a.string("path")));
        else if (a.has("paths")) {
            List<String> list = new ArrayList<>();
            for (String p : a.string("paths").split(",", -1)) list.add(path(a, "paths", p.strip()));
            pages = PageChoice.uniform(list);
        } else pages = PageChoice.corpus((int) a.integer("pages", 1, MAX_PAGES, 500));
        long rate = a.integer("rate", 1, MAX_RATE, 0);
        if (a.has("arrivals") && rate == 0) throw new Arguments.ArgumentException("arrivals", "'arrivals' applies to an open loop: give 'rate' too");
        String arrivals = a.string("arrivals", "poisson");
        if (!arrivals.equals("poisson") && !arrivals.equals("constant")) throw new Arguments.ArgumentException("arrivals", "'arrivals' must be 'poisson' or 'constant', got '" + arrivals + "'");
        long duration = a.duration("duration", 30 * S), timeout = a.duration("timeout", 2 * S);
        if (duration <= 0) throw new Arguments.ArgumentException("duration", "'duration' must be positive");
        if (timeout <= 0) throw new Arguments.ArgumentException("timeout", "'timeout' must be positive");
        return new LoadConfig(to, a.string("to"), a.has("port") ? a.port("port") : 80, (int) a.integer("connections", 1, MAX_CONNECTIONS, 1_000),
                duration, a.duration("start", 0), rate, arrivals.equals("constant") ? Arrivals.Kind.CONSTANT : Arrivals.Kind.POISSON,
                pages, a.bool("keepalive", true), timeout, a.bool("gzip", false));
    }

    /** An origin-form request target (RFC 9112 §3.2.1): starts with '/', visible ASCII only. */
    private static String path(Arguments a, String key, String p) {
        if (p.isEmpty() || p.charAt(0) != '/') throw new Arguments.ArgumentException(key, "a path must start with '/', got '" + p + "'");
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= ' ' || c >= 0x7f) throw new Arguments.ArgumentException(key, "a path may hold only visible ASCII characters (use %-escapes), got '" + p + "'");
        }
        return p;
    }

    /** {@code http://host:port} and what is asked for, for the report. */
    public String target() { return "http://" + host + (port == 80 ? "" : ":" + port) + (pages.size() == 1 ? pages.describe() : " (" + pages.describe() + ")"); }
}
