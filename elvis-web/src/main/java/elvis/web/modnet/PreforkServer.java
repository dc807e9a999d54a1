package elvis.web.modnet;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.web.http.BlockingHttpServer;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpExchange;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;
import elvis.web.http.HttpServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code prefork_server} (R-MN-8): a process-per-request server in the manner of Apache's prefork MPM
 * with mod_php. A fixed pool of worker processes (MaxClients, 512 by default) share one listening
 * socket; each accepts a connection, reads a request, generates the response (a dynamic page of
 * {@code size} bytes, costing the machine's {@code per_request} CPU time when it declares a CPU model)
 * and writes it with blocking sends, so the worker stays busy until the last
 * byte is in the socket's send buffer; only then does it take the next connection. Connections beyond
 * the busy workers wait in the listen backlog. This is the server whose workers slow clients capture,
 * which ModNet's swap module frees.
 */
public final class PreforkServer implements Application {
    private final int port, workers, backlog;
    private final long responseBytes, sampleNs;
    private final boolean keepAlive;
    private final HttpCounters http = new HttpCounters();
    private HttpResponse page;
    private Machine machine;

    private long responses, responseBodyBytes, lastResponseNs = -1;
    private int busy, peakBusy;
    private long busyIntegral, lastChangeNs;       // worker·ns, for the mean number of busy workers
    private long bucketIntegral;                   // worker·ns within the current sample interval
    private final List<Double> busySeries = new ArrayList<>();

    public PreforkServer(int port, int workers, int backlog, long responseBytes, boolean keepAlive, long sampleNs) {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1");
        this.port = port;
        this.workers = workers;
        this.backlog = backlog;
        this.responseBytes = responseBytes;
        this.keepAlive = keepAlive;
        this.sampleNs = sampleNs;
    }

    @Override
    public String name() { return "prefork_server"; }

    @Override
    public void start(Machine machine) {
        this.machine = machine;
        page = HttpResponse.ok("text/html", Message.zeros((int) responseBytes));
        Process.spawn(machine, this, this::master);
    }

    /** Opens the listener, starts the other workers and serves as the first: the listener lives as long as this process. */
    private void master(Process self) {
        StreamSocket listener = self.streamSocket();
        listener.bind(port);
        listener.listen(backlog);
        for (int i = 1; i < workers; i++) self.spawn(w -> work(w, listener));
        work(self, listener);
    }

    private void work(Process self, StreamSocket listener) {
        HttpServer.Options options = HttpServer.Options.DEFAULT.withKeepAlive(keepAlive);
        while (true) {
            StreamSocket c = listener.accept();
            changeBusy(+1);
            try {
                BlockingHttpServer.serve(self, c, options, http, this::handle);
            } finally {
                changeBusy(-1);
            }
        }
    }

    /** Every GET or HEAD gets the generated page; other methods a 405. */
    private void handle(HttpRequest request, HttpExchange exchange) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.respond(HttpResponse.methodNotAllowed("GET, HEAD"));
            return;
        }
        // Generating the page costs the machine's `per_request` CPU time, if it declares a CPU model.
        elvis.cpu.Cpu cpu = elvis.cpu.Cpu.existing(machine);
        if (cpu != null) Process.current().compute(cpu.cost("per_request", 1));
        responses++;
        if (method.equals("GET")) responseBodyBytes += responseBytes;
        exchange.respond(page);
    }

    private void changeBusy(int delta) {
        long now = machine.sim().now();
        advance(now);
        if (delta < 0) {
            lastResponseNs = now;   // a worker is free once its response is in the socket
        }
        busy += delta;
        peakBusy = Math.max(peakBusy, busy);
    }

    /** Accounts busy worker·ns up to {@code now}, closing the sample intervals it passes. */
    private void advance(long now) {
        while (true) {
            long bucketEnd = (lastChangeNs / sampleNs + 1) * sampleNs;
            long until = Math.min(now, bucketEnd);
            long span = (until - lastChangeNs) * busy;
            busyIntegral += span;
            bucketIntegral += span;
            lastChangeNs = until;
            if (until < bucketEnd) return;
            busySeries.add(bucketIntegral / (double) sampleNs);
            bucketIntegral = 0;
        }
    }

    public int busyWorkers() { return busy; }
    public long responses() { return responses; }
    public HttpCounters http() { return http; }

    @Override
    public String summary() {
        return responses + " responses, " + busy + " of " + workers + " workers busy (peak " + peakBusy + ")";
    }

    @Override
    public Map<String, Object> results() {
        long now = machine == null ? 0 : machine.sim().now();
        if (machine != null) advance(now);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("port", port);
        r.put("workers", workers);
        r.put("response_bytes", responseBytes);
        r.put("requests", http.requests);
        r.put("responses", responses);
        r.put("response_body_bytes", responseBodyBytes);
        r.put("bytes_sent", http.bytesSent);
        // The rate at which workers handed responses to their sockets, over the run.
        r.put("handed_bytes_per_second", now > 0 ? http.bytesSent * 1e9 / now : 0.0);
        r.put("busy_workers_peak", peakBusy);
        r.put("busy_workers_mean", now > 0 ? busyIntegral / (double) now : 0.0);
        r.put("busy_workers_sample_s", sampleNs / 1e9);
        r.put("busy_workers", List.copyOf(busySeries));
        r.put("errors", http.errorTotal());
        return r;
    }

    /** {@code prefork_server}: port, workers, size, backlog, keepalive, sample. */
    public static final class Factory implements ApplicationFactory {
        static final int MAX_WORKERS = 100_000;

        @Override
        public Schema schema() {
            return new Schema("prefork_server", List.of(
                    Attribute.port("port").byDefault(80).doc("the port to listen on"),
                    Attribute.wholeNumber("workers", 1, MAX_WORKERS).byDefault(512L)
                            .doc("worker processes, each serving one connection at a time until its response is in the socket (Apache's MaxClients)"),
                    Attribute.size("size", 0, 1L << 30).byDefault(800L * 1024)
                            .doc("bytes of the page generated for every GET (ModNet's PHP script: 800KB)"),
                    Attribute.wholeNumber("backlog", 1, 1_000_000).byDefault(511L)
                            .doc("connections waiting for a free worker before new ones are refused (Apache's ListenBacklog)"),
                    Attribute.bool("keepalive").byDefault(false)
                            .doc("keep a connection (and its worker) for the client's next request; off, each request is a connection"),
                    Attribute.duration("sample", 1_000_000, 3_600_000_000_000L).byDefault(1_000_000_000L)
                            .doc("interval of the busy-worker series in the results (mean busy workers per interval)")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            long sample = a.duration("sample", 1_000_000_000L);
            if (sample < 1_000_000) throw new Arguments.ArgumentException("sample", "the busy-worker sample interval must be at least 1ms");
            return new PreforkServer(a.has("port") ? a.port("port") : 80,
                    (int) a.integer("workers", 1, MAX_WORKERS, 512),
                    (int) a.integer("backlog", 1, 1_000_000, 511),
                    a.size("size", 1L << 30, 800L * 1024),
                    a.bool("keepalive", false),
                    sample);
        }
    }
}
