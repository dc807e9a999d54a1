package elvis.web.server;

import elvis.cpu.Cpu;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.web.http.BlockingHttpServer;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpExchange;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;
import elvis.web.http.HttpServer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code http_server} and {@code web_server} share: an HTTP/1.1 server on the TCP event API
 * (no process, no coroutine per connection), or on sockets ({@link #useSockets}: a process per
 * connection, so that ModNet modules applied to the server steal its connections), answering GET
 * and HEAD for the paths {@link #find}
 * knows, 404 for others, 405 for other methods, 400 for targets that name no path or climb above
 * the root; and the counters ({@link ServerCounters}) behind its summary, {@code --json} and trace
 * sources. Malformed and oversized requests are the HTTP substrate's to answer and count.
 */
abstract class ServerApplication implements Application {
    static final String ALLOWED = "GET, HEAD";
    /** The CPU cost a server on sockets charges per request (the machine's {@code cpu_costs}). */
    public static final String PER_REQUEST = "per_request";

    private final int port;
    private final boolean keepAlive;
    private final HttpCounters http = new HttpCounters();
    private ServerCounters counters;
    private HttpResponse notFound, notAllowed, badRequest;
    private boolean sockets;
    private long perRequestNs;        // on sockets: the machine's CPU cost 'per_request', charged before each answer

    ServerApplication(int port, boolean keepAlive) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1..65535: " + port);
        this.port = port;
        this.keepAlive = keepAlive;
    }

    /**
     * Serves on blocking sockets instead of the event API: a listening process accepts, and each
     * connection gets a process running {@link BlockingHttpServer}. Same answers and counters; the
     * sockets come from the machine's socket factory, so modules applied to the machine or the
     * application stand between the server and its connections. With a CPU model, each request
     * takes the machine's cost {@value #PER_REQUEST} of CPU time before it is answered.
     */
    public final void useSockets() { sockets = true; }

    /** Whether the server runs on sockets ({@link #useSockets}). */
    public final boolean onSockets() { return sockets; }

    /** Prepares what {@link #find} serves; called once at start, before listening. */
    abstract void prepare(Machine machine);

    /** The response for a GET or HEAD of a decoded, normalised path, or null for 404. */
    abstract HttpResponse find(String path);

    /** What the application adds to its results before the counters. */
    abstract Map<String, Object> describe();

    @Override
    public final void start(Machine machine) {
        prepare(machine);
        counters = new ServerCounters(machine, this, http);
        // One instance of each refusal per server: its encoded head is cached in it.
        notFound = HttpResponse.notFound();
        notAllowed = HttpResponse.methodNotAllowed(ALLOWED);
        badRequest = HttpResponse.status(400);
        HttpServer.Options options = HttpServer.Options.DEFAULT.withKeepAlive(keepAlive);
        if (!sockets) {
            HttpServer.listen(machine, port, this, options, http, this::handle).observe(counters);
            return;
        }
        Cpu cpu = Cpu.existing(machine);
        if (cpu != null) perRequestNs = cpu.cost(PER_REQUEST, 1);
        Process.spawn(machine, this, self -> {
            StreamSocket listener = self.streamSocket();
            listener.bind(port);
            listener.listen(options.backlog());
            while (true) {
                StreamSocket connection = listener.accept();
                self.spawn(p -> BlockingHttpServer.serve(p, connection, options, http, counters, this::handle), connection);
            }
        });
    }

    private void handle(HttpRequest request, HttpExchange exchange) {
        counters.request();
        if (perRequestNs > 0) Process.current().compute(perRequestNs);      // making the answer (a dynamic page's generation)
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.respond(notAllowed);
            return;
        }
        RequestPath.Result path = RequestPath.of(request.target());
        if (path.refusal() != null) {
            counters.refused(path.refusal() == RequestPath.Refusal.TRAVERSAL ? ServerCounters.PATH_TRAVERSAL : ServerCounters.BAD_TARGET);
            exchange.respond(badRequest);
            return;
        }
        HttpResponse r = find(path.path());
        exchange.respond(r == null ? notFound : r);
    }

    public int port() { return port; }

    public boolean keepAlive() { return keepAlive; }

    /** The counters; null before the simulation starts. */
    public ServerCounters counters() { return counters; }

    @Override
    public String summary() { return counters == null ? "not started" : counters.summary(); }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>(describe());
        r.put("port", port);
        r.put("keepalive", keepAlive);
        if (sockets) r.put("api", "sockets");
        if (counters != null) r.putAll(counters.results());
        return r;
    }
}
