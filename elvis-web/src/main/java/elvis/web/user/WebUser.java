package elvis.web.user;

import elvis.app.AppEvents;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.dist.Distributions;
import elvis.dist.Quantity;
import elvis.util.SourceError;
import elvis.dist.Distribution;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.RandomStream;
import elvis.sim.trace.TraceUnit;
import elvis.socket.ErrnoException;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.web.http.BlockingHttpClient;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpException;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;
import elvis.web.site.HtmlExtractor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A person browsing a web site (R-WEB-6), as one blocking process: per session it opens a
 * keep-alive connection, fetches {@code /}, reads the links and images out of the HTML, fetches the
 * images it has not seen this session (one after another, or over up to six connections as browsers
 * do), records the page load time (from asking for the page, a handshake included when the
 * connection has to be opened, to the last byte of its last image), reads the page for a
 * dwell time of virtual time, and follows a link of the page chosen uniformly; until the session's
 * page budget is spent, the page has no link, or the user leaves (probability {@code leave} after
 * each page). Think time separates sessions. Every draw comes from the user's seeded stream.
 */
public final class WebUser implements Application {
    static final String NAME = "web_user";
    public static final int MAX_PARALLEL = 6;

    /** What a user does; {@code start} and {@code think} are in seconds; {@code durationNs} 0 browses until the sessions are done. */
    public record Config(int server, int port, int minPages, int maxPages, Dwell dwell, Distribution think,
                         int sessions, int parallel, double leave, Distribution start, long durationNs) {
        public Config {
            if (parallel < 1 || parallel > MAX_PARALLEL) throw new IllegalArgumentException("parallel must be 1 … " + MAX_PARALLEL);
            if (minPages < 1 || maxPages < minPages) throw new IllegalArgumentException("page budget " + minPages + ".." + maxPages);
        }
    }

    private final Config config;
    private final BrowsingRecord record = new BrowsingRecord();
    private final HttpCounters http = new HttpCounters();
    private final Map<String, Long> errors = new TreeMap<>();
    private Machine machine;
    private RandomStream random;
    private String host;
    private long endNs = Long.MAX_VALUE, finishedNs = -1;

    public WebUser(Config config) { this.config = config; }

    @Override
    public String name() { return NAME; }

    public Config config() { return config; }

    /** The machine it runs on, once started. */
    public String machineName() { return machine == null ? "" : machine.name(); }

    public BrowsingRecord record() { return record; }

    /** The HTTP client's counters over all its connections. */
    public HttpCounters http() { return http; }

    @Override
    public void start(Machine m) {
        machine = m;
        // Two users on one machine need two streams: number them in the order they started.
        List<WebUser> here = m.extension(OnMachine.class, x -> new OnMachine()).users;
        here.add(this);
        random = m.sim().random(m.name() + "/" + NAME + "/" + here.size());
        host = Ipv4Address.format(config.server) + (config.port == 80 ? "" : ":" + config.port);
        Process.spawn(m, this, this::browse);
    }

    /** The users a machine runs, for the report (whatever wraps them: DNS look-ups, DHCP). */
    static final class OnMachine {
        final List<WebUser> users = new ArrayList<>(1);
    }

    /** The users {@code m} started, in order; empty when none. */
    public static List<WebUser> on(Machine m) {
        OnMachine x = m.existingExtension(OnMachine.class);
        return x == null ? List.of() : x.users;
    }

    private void browse(Process p) {
        long start = Math.max(0, Math.round(config.start.sample(random) * Dwell.NANOS_PER_SECOND));
        if (start > 0) p.sleep(start);
        if (config.durationNs > 0) endNs = p.now() + config.durationNs;
        for (int s = 0; s < config.sessions && p.now() < endNs; s++) {
            if (s > 0) {
                long think = Math.round(config.think.sample(random) * Dwell.NANOS_PER_SECOND);
                p.sleep(Math.max(0, Math.min(think, endNs - p.now())));
                if (p.now() >= endNs) break;
            }
            session(p);
        }
        finishedNs = p.now();
    }

    /** The connections of one session: index 0 carries the pages, all of them images. */
    private final class Session {
        final StreamSocket[] sockets = new StreamSocket[config.parallel];
        final BlockingHttpClient[] clients = new BlockingHttpClient[config.parallel];
        final Set<String> cached = new HashSet<>();
        final Process process;

        Session(Process process) { this.process = process; }

        /** The client of connection {@code k}, connecting (again) when it has none or the last one ended. */
        BlockingHttpClient client(int k) {
            if (clients[k] != null && clients[k].reusable()) return clients[k];
            if (sockets[k] != null) sockets[k].close();
            sockets[k] = process.streamSocket();
            try {
                sockets[k].connect(config.server, config.port);
            } catch (ErrnoException e) {
                sockets[k].close();
                sockets[k] = null;
                clients[k] = null;
                throw e;
            }
            http.connections++;
            return clients[k] = new BlockingHttpClient(sockets[k], HttpLimits.DEFAULT, http);
        }

        void close() {
            for (StreamSocket s : sockets) if (s != null) s.close();
        }
    }

    private void session(Process p) {
        record.sessions++;
        long budget = config.minPages + random.nextLong(config.maxPages - config.minPages + 1L);
        Session session = new Session(p);
        try {
            String path = "/";
            for (long n = 0; n < budget && p.now() < endNs; n++) {
                List<String> links = page(session, path);
                if (links == null) return;
                long dwell = config.dwell.drawNs(random);
                long reading = Math.max(0, Math.min(dwell, endNs - p.now()));   // a page that loaded after the end is not read
                record.dwell(reading);
                AppEvents.emit(machine, this, "dwell", reading, TraceUnit.NANOSECONDS);
                p.sleep(reading);
                if (links.isEmpty() || random.chance(config.leave)) return;
                path = links.get((int) random.nextLong(links.size()));
            }
        } catch (HttpException e) {
            error(e.kind().key());
        } catch (ErrnoException e) {
            error(e.errno().name().toLowerCase(java.util.Locale.ROOT));
        } finally {
            session.close();
        }
    }

    /** Loads one page with its images; the page's links, or null when the page failed (counted). */
    private List<String> page(Session session, String path) {
        long requested = session.process.now();
        HttpResponse response = session.client(0).fetch(HttpRequest.get(path, host));
        if (response.status() != 200) {
            error("status_" + response.status());
            return null;
        }
        long bytes = response.body().length();
        HtmlExtractor html = HtmlExtractor.of(response.body());
        List<String> images = new ArrayList<>();
        for (String src : html.images()) {
            String image = path(src);
            if (image != null && session.cached.add(image)) images.add(image);
        }
        bytes += images(session, images);
        long load = session.process.now() - requested;
        record.page(requested, load, bytes, images.size());
        AppEvents.emit(machine, this, "page_load", load, TraceUnit.NANOSECONDS);
        List<String> links = new ArrayList<>(html.links().size());
        for (String href : html.links()) {
            String link = path(href);
            if (link != null) links.add(link);
        }
        return links;
    }

    /**
     * Fetches {@code images}: on connection 0 when {@code parallel} is 1, else from a shared queue
     * by this process on connection 0 and one helper process per further connection, as a browser's
     * parallel connections to a host; returns their body bytes once the last has arrived.
     */
    private long images(Session session, List<String> images) {
        int workers = Math.min(config.parallel, images.size());
        if (workers <= 1) return fetchAll(session, 0, images, new int[1]);
        int[] next = {0};
        long[] bytes = {0};
        int[] running = {workers - 1};
        Runnable[] whenDone = {null};
        RuntimeException[] failed = {null};
        for (int k = 1; k < workers; k++) {
            int connection = k;
            session.process.spawn(helper -> {
                try {
                    long got = fetchAll(session, connection, images, next);     // not bytes[0] += …: that reads bytes[0] before blocking
                    bytes[0] += got;
                } catch (HttpException | ErrnoException e) {
                    if (failed[0] == null) failed[0] = e;
                } finally {
                    if (--running[0] == 0 && whenDone[0] != null) whenDone[0].run();
                }
            });
        }
        long got = fetchAll(session, 0, images, next);
        bytes[0] += got;
        session.process.await(done -> {
            if (running[0] == 0) done.run();
            else whenDone[0] = done;
        });
        if (failed[0] != null) throw failed[0];
        return bytes[0];
    }

    /** Takes images from {@code images} at {@code next[0]} until none is left, on connection {@code k}. */
    private long fetchAll(Session session, int k, List<String> images, int[] next) {
        long bytes = 0;
        while (next[0] < images.size()) {
            String image = images.get(next[0]++);
            HttpResponse r = session.client(k).fetch(HttpRequest.get(image, host));
            if (r.status() != 200) {
                error("status_" + r.status());
                continue;
            }
            bytes += r.body().length();
            record.images++;
        }
        return bytes;
    }

    /** The path of a link or image on this server: absolute URLs lose scheme and host; null for other schemes. */
    static String path(String url) {
        if (url.isEmpty() || url.startsWith("#")) return null;
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            if (!url.regionMatches(true, 0, "http", 0, scheme)) return null;
            int slash = url.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : url.substring(slash);
        }
        if (url.indexOf(':') >= 0 && url.indexOf(':') < (url.indexOf('/') < 0 ? url.length() : url.indexOf('/'))) return null;   // mailto:, javascript:
        return url.startsWith("/") ? url : "/" + url;
    }

    private void error(String kind) {
        record.errors++;
        errors.merge(kind, 1L, Long::sum);
    }

    @Override
    public boolean hasGoal() { return true; }

    /** It browsed its sessions (or its duration) to the end, loaded a page, and met no error. */
    @Override
    public boolean goalMet() { return finishedNs >= 0 && record.pages() > 0 && record.errors == 0; }

    @Override
    public long finishedAtNs() { return finishedNs; }

    @Override
    public String summary() {
        return String.format("%,d pages, %,d images, %,d bytes in %,d sessions, page load median %s%s%s",
                record.pages(), record.images, record.totalBytes(), record.sessions,
                WebStats.millis(WebStats.percentile(record.loadTimes(), 50)),
                record.errors > 0 ? ", errors " + errors : "", finishedNs < 0 ? " (still browsing)" : "");
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("server", Ipv4Address.format(config.server) + ":" + config.port);
        r.put("sessions", record.sessions);
        r.put("pages", record.pages());
        r.put("images", record.images);
        r.put("bytes", record.totalBytes());
        r.put("errors", new LinkedHashMap<>(errors));
        r.put("page_load_ms", WebStats.summary(record.loadTimes()));
        r.put("dwell_s", WebStats.summarySeconds(record.dwellTimes()));
        return r;
    }

    /** The kinds of error met and how often (connect refused, truncated response, a 404 …). */
    public Map<String, Long> errors() { return errors; }

    /**
     * {@code web_user}: server (machine, address or DNS name), port, pages (budget per session, N
     * or A..B), dwell, think, sessions, parallel, leave, start, duration.
     */
    public static final class Factory implements ApplicationFactory {
        static final String DEFAULT_PAGES = "20..149";

        @Override
        public Schema schema() {
            return new Schema(NAME, List.of(
                    Attribute.destination("server").required().doc("the web server: machine, address or DNS name"),
                    Attribute.port("port").byDefault(80).doc("its port"),
                    Attribute.string("pages").byDefault(DEFAULT_PAGES).doc("pages per session: N, or A..B drawn uniformly (the original's 20..149)"),
                    Attribute.string("dwell").byDefault(Dwell.DEFAULT_TEXT)
                            .doc("reading time per page: `original` (the original Elvis's hazard table, mean 2.66 s) or a distribution of seconds (`exp(30s)`, `lognormal(…)`, `empirical(FILE)`); the default Weibull has negative ageing and a mean of about 55 s (docs/tutorials/web.md)"),
                    Attribute.string("think").byDefault("0").doc("time between sessions: a duration or a distribution of seconds"),
                    Attribute.wholeNumber("sessions", 1, 1_000_000_000).byDefault(1L).doc("sessions to browse"),
                    Attribute.integer("parallel", 1, MAX_PARALLEL).byDefault(1).doc("connections for a page's images, 1 (one after another on the page's connection) to 6, as browsers"),
                    Attribute.probability("leave").byDefault(0.0).doc("probability of leaving the site after each page"),
                    Attribute.string("start").byDefault("0").doc("when to start browsing: a duration, or a distribution of seconds such as `uniform(0s, 60s)` to spread users out"),
                    Attribute.duration("duration", 0, MAX_DURATION).byDefault(0L).doc("stop browsing this long after the start; 0 browses until the sessions end")));
        }

        private static final long MAX_DURATION = 8760L * 3600 * Dwell.NANOS_PER_SECOND;

        @Override
        public Application create(Arguments a, Context context) {
            String pages = a.string("pages", DEFAULT_PAGES).strip();
            int min, max;
            try {
                int dots = pages.indexOf("..");
                min = Integer.parseInt(dots < 0 ? pages : pages.substring(0, dots).strip());
                max = dots < 0 ? min : Integer.parseInt(pages.substring(dots + 2).strip());
            } catch (NumberFormatException e) {
                throw new Arguments.ArgumentException("pages", "expected a number of pages or a range A..B, not '" + pages + "'");
            }
            if (min < 1 || max < min) throw new Arguments.ArgumentException("pages", "needs 1 ≤ A ≤ B, not '" + pages + "'");
            Dwell dwell;
            Distribution think;
            java.nio.file.Path dir = context.file("");
            try {
                dwell = a.has("dwell") ? Dwell.parse(a.string("dwell"), dir) : Dwell.DEFAULT;
            } catch (SourceError e) {
                throw new Arguments.ArgumentException("dwell", e.reason());
            }
            try {
                think = Distributions.parse(a.string("think", "0"), Quantity.TIME, dir);
            } catch (SourceError e) {
                throw new Arguments.ArgumentException("think", e.reason());
            }
            Distribution start;
            try {
                start = Distributions.parse(a.string("start", "0"), Quantity.TIME, dir);
            } catch (SourceError e) {
                throw new Arguments.ArgumentException("start", e.reason());
            }
            double leave;
            try {
                leave = a.has("leave") ? Attribute.probability("leave").parse(a.string("leave")) : 0;
            } catch (elvis.config.Units.BadValue e) {
                throw new Arguments.ArgumentException("leave", e.getMessage());
            }
            return new WebUser(new Config(context.destination(a, "server"), a.has("port") ? a.port("port") : 80, min, max, dwell, think,
                    (int) a.integer("sessions", 1, 1_000_000_000, 1), (int) a.integer("parallel", 1, MAX_PARALLEL, 1), leave,
                    start, a.duration("duration", 0)));
        }
    }
}
