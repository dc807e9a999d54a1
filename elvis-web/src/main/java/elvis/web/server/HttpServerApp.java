package elvis.web.server;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.dist.Distribution;
import elvis.dist.Distributions;
import elvis.dist.Quantity;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.sim.RandomStream;
import elvis.util.SourceError;
import elvis.web.http.HttpResponse;
import elvis.web.modnet.TemplatePage;
import elvis.web.modnet.UsageReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code http_server} (R-RU-1): serves a fixed set of {@link Documents} over HTTP/1.1 (GET and
 * HEAD): a real directory, a synthetic set whose sizes follow a distribution, Rusty's corpus, or
 * ModNet's generated usage report ({@link UsageReport}, the gzip experiment's page).
 * Each document's response is made once and then shared, head and body, by every request for it.
 */
public final class HttpServerApp extends ServerApplication {
    /** Where the documents come from, made at start (a synthetic set draws its sizes then). */
    private interface Source {
        Documents documents(Machine machine);
        String describe();
    }

    private final Source source;
    private Documents documents;
    private final Map<String, HttpResponse> responses = new HashMap<>();     // filled as paths are asked for
    private TemplatePage template;          // with a template: /page.html is made per request
    private RandomStream pageRandom;
    private long pages;

    private HttpServerApp(int port, boolean keepAlive, Source source) {
        super(port, keepAlive);
        this.source = source;
    }

    /** A server of {@code documents} (a directory's, or {@link Documents#rusty()}). */
    public static HttpServerApp serving(int port, boolean keepAlive, Documents documents, String description) {
        Objects.requireNonNull(documents);
        return new HttpServerApp(port, keepAlive, new Source() {
            public Documents documents(Machine m) { return documents; }
            public String describe() { return description; }
        });
    }

    /**
     * A server of {@code count} synthetic documents {@code /0.htm …} whose sizes (bytes, floored) are
     * drawn from {@code sizes} at start: from the stream of {@code seed} when given, else from the
     * machine's own stream of the simulation's seed.
     */
    public static HttpServerApp synthetic(int port, boolean keepAlive, int count, Distribution sizes, Long seed) {
        Objects.requireNonNull(sizes);
        return new HttpServerApp(port, keepAlive, new Source() {
            public Documents documents(Machine m) {
                RandomStream r = seed != null ? RandomStream.forEntity(seed, "http_server") : m.sim().random(m.name() + "/http_server");
                return Documents.synthetic(count, () -> (long) sizes.sample(r));
            }
            public String describe() { return "sizes " + sizes; }
        });
    }

    @Override
    public String name() { return "http_server"; }

    @Override
    void prepare(Machine machine) { documents = source.documents(machine); }

    @Override
    HttpResponse find(String path) {
        if (template != null && path.equals(PAGE_PATH))
            return HttpResponse.ok("text/html", template.page(pages++, pageRandom));
        HttpResponse r = responses.get(path);
        if (r != null) return r;
        Documents.Document d = documents.find(path);
        if (d == null) return null;
        r = HttpResponse.ok(d.contentType(), d.body());
        responses.put(path, r);
        return r;
    }

    /**
     * A server of one document, {@link #REPORT_PATH}: the usage report of {@code bytes} bytes made from
     * {@code seed}, or from the simulation's seed when null.
     */
    public static HttpServerApp report(int port, boolean keepAlive, int bytes, Long seed) {
        return new HttpServerApp(port, keepAlive, new Source() {
            public Documents documents(Machine m) {
                return Documents.of(new Documents.Document(REPORT_PATH, "text/html", UsageReport.of(seed != null ? seed : m.sim().seed(), bytes)));
            }
            public String describe() { return "report " + bytes + " bytes"; }
        });
    }

    /**
     * A server of {@link #PAGE_PATH}, a dynamic page made per request from the template of
     * {@code seed} (the simulation's seed when null): {@code bytes} bytes of which
     * {@link TemplatePage#DYNAMIC_BYTES} vary per request (ModNet's dedup workload).
     */
    public static HttpServerApp template(int port, boolean keepAlive, int bytes, Long seed) {
        HttpServerApp[] self = new HttpServerApp[1];
        self[0] = new HttpServerApp(port, keepAlive, new Source() {
            public Documents documents(Machine m) {
                self[0].template = TemplatePage.of(seed != null ? seed : m.sim().seed(), bytes);
                self[0].pageRandom = m.sim().random(m.name() + "/http_server/page");
                return Documents.of();
            }
            public String describe() { return "template page " + bytes + " bytes"; }
        });
        return self[0];
    }

    /** Where {@link #template} serves its pages. */
    public static final String PAGE_PATH = "/page.html";

    /** Where {@link #report} serves the report. */
    public static final String REPORT_PATH = "/report.html";

    /** The documents served; null before start. */
    public Documents documents() { return documents; }

    @Override
    Map<String, Object> describe() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("documents_from", source.describe());
        if (documents != null) {
            r.put("documents", documents.size());
            r.put("document_bytes", documents.totalBytes());
        }
        return r;
    }

    /**
     * {@code http_server}: one of {@code dir}, {@code sizes} (with {@code documents}) or
     * {@code corpus}; {@code port}, {@code keepalive}, {@code seed}.
     */
    public static final class Factory implements ApplicationFactory {
        static final int MAX_DOCUMENTS = 10_000_000;
        private static final List<String> SOURCES = List.of("dir", "sizes", "corpus", "report", "template");

        @Override
        public Schema schema() {
            return new Schema("http_server", List.of(
                    Attribute.port("port").byDefault(80).doc("the port to listen on"),
                    Attribute.ipv4("ip").doc("pins the machine's address on the network that holds it (claims it, as `tcp_sink`'s `ip`); "
                            + "the server answers on all its addresses either way"),
                    Attribute.string("dir").doc("serve this directory (relative to the NDL file): every file below it, read once before the run; "
                            + "a directory's `index.html` also answers for the directory; symbolic links are not followed"),
                    Attribute.string("sizes").doc("serve `documents` synthetic pages `/0.htm`, `/1.htm`, … whose sizes in bytes follow this "
                            + "distribution (docs/ndl.md, Distributions), e.g. `lognormal(11, 1)` or `exp(100KB)`"),
                    Attribute.size("report", UsageReport.MIN_BYTES, UsageReport.MAX_BYTES).doc("serve `/report.html`, a generated monthly usage "
                            + "report of this size (an HTML table that DEFLATE shrinks 34–51×, ModNet's gzip workload; the paper's was `3MB`), "
                            + "made from `seed`"),
                    Attribute.size("template", TemplatePage.MIN_BYTES, TemplatePage.MAX_BYTES).doc("serve `/page.html`, a page of this size made "
                            + "per request from a fixed template (made from `seed`) and " + TemplatePage.DYNAMIC_BYTES + " bytes that vary per request "
                            + "(ModNet's dedup workload: `346KB` pages differing in under 300 bytes)"),
                    Attribute.choice("corpus", "rusty").doc("`rusty`: Rusty's benchmark corpus, 500 pages `/0.htm` … `/499.htm` of "
                            + "136,000 bytes (its 500 front pages averaged 136 KB)"),
                    Attribute.wholeNumber("documents", 1, MAX_DOCUMENTS).byDefault(1000L).doc("how many synthetic pages, with `sizes`"),
                    Attribute.wholeNumber("seed", 0, Long.MAX_VALUE).doc("the seed the synthetic sizes are drawn with, or the `report` or `template` is made "
                            + "from; by default each server draws sizes from its own stream of the simulation's seed, and a report or template is made from the simulation's seed"),
                    Attribute.bool("keepalive").byDefault(true).doc("keep connections open between requests (HTTP/1.1 persistence); "
                            + "`false` closes each after one response, as Rusty's server did"),
                    Attribute.choice("api", "events", "sockets").byDefault("events").doc("`events`: callbacks on TCP's event API, no process per "
                            + "connection; `sockets`: a process per connection on blocking sockets, so that ModNet modules applied to the machine "
                            + "or the application (`modules=`) stand between the server and its connections")),
                    List.of(List.of("dir", "sizes", "corpus", "report", "template")));
        }

        /** Directories already read, by absolute path: a group of servers (count='N') shares one copy. */
        private final Map<Path, Documents> directories = new HashMap<>();

        @Override
        public Application create(Arguments a, Context context) {
            HttpServerApp server = make(a, context);
            if ("sockets".equals(a.string("api", "events"))) server.useSockets();
            return server;
        }

        private HttpServerApp make(Arguments a, Context context) {
            int port = a.has("port") ? a.port("port") : 80;
            if (a.has("ip")) a.ipv4("ip");
            boolean keepAlive = a.bool("keepalive", true);
            List<String> sources = a.keys().stream().filter(SOURCES::contains).toList();
            if (sources.isEmpty()) throw new Arguments.ArgumentException("dir", "say what to serve: 'dir', 'sizes', 'corpus', 'report' or 'template'");
            if (sources.size() > 1) throw new Arguments.ArgumentException(sources.get(1), "give one of 'dir', 'sizes', 'corpus', 'report' and 'template'");
            if (a.has("documents") && !a.has("sizes")) throw new Arguments.ArgumentException("documents", "'documents' counts the synthetic pages of 'sizes'");
            if (a.has("seed") && !a.has("sizes") && !a.has("report") && !a.has("template"))
                throw new Arguments.ArgumentException("seed", "'seed' draws the synthetic sizes of 'sizes' or makes the 'report' or 'template'");
            if (a.has("template")) {
                long bytes = a.size("template", TemplatePage.MAX_BYTES, 0);
                if (bytes < TemplatePage.MIN_BYTES) throw new Arguments.ArgumentException("template", "a template page has at least " + TemplatePage.MIN_BYTES + " bytes");
                return template(port, keepAlive, (int) bytes, a.has("seed") ? a.integer("seed", 0, Long.MAX_VALUE) : null);
            }
            if (a.has("report")) {
                long bytes = a.size("report", UsageReport.MAX_BYTES, 0);
                if (bytes < UsageReport.MIN_BYTES) throw new Arguments.ArgumentException("report", "a report has at least " + UsageReport.MIN_BYTES + " bytes");
                return report(port, keepAlive, (int) bytes, a.has("seed") ? a.integer("seed", 0, Long.MAX_VALUE) : null);
            }
            if (a.has("corpus")) {
                String corpus = a.string("corpus");
                if (!corpus.equals("rusty")) throw new Arguments.ArgumentException("corpus", "unknown corpus '" + corpus + "': expected rusty");
                return serving(port, keepAlive, RUSTY, "corpus rusty");
            }
            if (a.has("dir")) {
                Path dir = context.file(a.string("dir")).toAbsolutePath().normalize();
                Documents d = directories.get(dir);
                if (d == null) {
                    try {
                        d = Documents.fromDirectory(dir);
                    } catch (IOException | RuntimeException e) {
                        throw new Arguments.ArgumentException("dir", "cannot serve directory " + dir + ": " + e.getMessage());
                    }
                    directories.put(dir, d);
                }
                return serving(port, keepAlive, d, "dir " + a.string("dir"));
            }
            Distribution sizes;
            sizes = distribution(a, "sizes", Quantity.SIZE, context);
            int count = (int) a.integer("documents", 1, MAX_DOCUMENTS, 1000);
            Long seed = a.has("seed") ? a.integer("seed", 0, Long.MAX_VALUE) : null;
            return synthetic(port, keepAlive, count, sizes, seed);
        }

        private static final Documents RUSTY = Documents.rusty();

        /** The distribution argument {@code key}; its mistakes name the argument and the character at fault. */
        static Distribution distribution(Arguments a, String key, Quantity q, Context context) {
            String text = a.string(key);
            try {
                return Distributions.parse(text, q, context.file(""), key, 1, 1);
            } catch (SourceError e) {
                String where = e.file().equals(key) ? "'" + key + "' at character " + e.column() + ": " + e.reason() : e.getMessage();
                throw new Arguments.ArgumentException(key, "bad distribution " + where);
            }
        }
    }
}
