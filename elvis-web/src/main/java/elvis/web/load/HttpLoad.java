package elvis.web.load;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.sim.RandomStream;
import elvis.sim.Timer;
import elvis.web.http.HttpClientConnection;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpError;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code http_load}: a wrk-like HTTP load generator on the TCP event API (callbacks, no process per
 * connection), in virtual time.
 *
 * <p><b>Closed loop</b> (no {@code rate}): {@code connections} workers, each with exactly one request
 * outstanding from start to end: a response is followed at once by the next request, on the same
 * connection with keep-alive, else on a new one. <b>Open loop</b> ({@code rate}): requests are due at
 * the times of an arrival process; each goes out on an idle connection, or a new one while fewer than
 * {@code connections} are open, or waits for one; its latency counts from when it was due, so a slow
 * server cannot hide its slowness by slowing the generator down (coordinated omission, as wrk2 avoids).
 *
 * <p>Latency is from the moment a request is due (a connection opened for it included) to its
 * response's last byte. A request unanswered within {@code timeout} counts as a timeout and its
 * connection is reset. At the end of the duration, requests outstanding are counted as unfinished,
 * busy connections are reset and idle ones closed; bytes are those read by then, as wrk's.
 */
public final class HttpLoad implements Application {
    private final LoadConfig config;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LoadErrors errors = new LoadErrors();
    private final HttpCounters counters = new HttpCounters();
    private final List<Worker> workers = new ArrayList<>();
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final ArrayDeque<Due> waiting = new ArrayDeque<>();    // open loop: due, no connection free yet
    private Machine machine;
    private RandomStream random;
    private Arrivals arrivals;
    private long endNs = -1, responses, bytesAtEnd, unfinished, opened;
    private int outstanding;
    private boolean ended;

    private record Due(long atNs, String path) { }

    /** How long a worker waits before opening a connection again when the machine had no free port. */
    static final long PORT_RETRY_NS = 10_000_000;

    public HttpLoad(LoadConfig config) { this.config = config; }

    @Override
    public String name() { return "http_load"; }

    @Override
    public void start(Machine machine) {
        this.machine = machine;
        // One stream per generator: a second http_load on the machine draws its own pages and arrivals.
        this.random = machine.sim().random(machine.name() + "/http_load/" + machine.extension(Ordinals.class, m -> new Ordinals()).next++);
        long begin = machine.sim().now() + config.startNs();
        endNs = begin + config.durationNs();
        machine.sim().at(endNs, () -> machine.guard(this, this::end));
        machine.sim().at(begin, () -> machine.guard(this, () -> {
            if (config.rate() > 0) {
                arrivals = new Arrivals(config.arrivals(), config.rate(), begin, random);
                scheduleArrival();
            } else {
                for (int i = 0; i < config.connections(); i++) {
                    Worker w = new Worker();
                    workers.add(w);
                    w.issue(new Due(machine.sim().now(), config.pages().next(random)));
                }
            }
        }));
    }

    /** Per machine, how many generators started before: names each one's stream. */
    private static final class Ordinals { int next; }

    // ---- open loop ----

    private void scheduleArrival() {
        long at = arrivals.next();
        if (at >= endNs) return;
        machine.sim().at(at, () -> machine.guard(this, () -> {
            if (ended) return;
            waiting.add(new Due(at, config.pages().next(random)));
            dispatch();
            scheduleArrival();
        }));
    }

    /** Hands waiting requests to idle connections, opening new ones up to the limit. */
    private void dispatch() {
        while (!waiting.isEmpty()) {
            Worker w = idle.pollLast();
            if (w == null) {
                if (workers.size() >= config.connections()) return;
                w = new Worker();
                workers.add(w);
            }
            w.issue(waiting.pollFirst());
        }
    }

    /** After a response or a failure: the worker's next request, or it waits (open loop). */
    private void next(Worker w) {
        if (ended) return;
        if (config.rate() == 0) w.issue(new Due(machine.sim().now(), config.pages().next(random)));
        else if (!waiting.isEmpty()) w.issue(waiting.pollFirst());
        else if (w.connection != null && w.connection.isOpen()) idle.addLast(w);
        else workers.remove(w);       // its connection is gone: open loop opens connections on demand
    }

    private void end() {
        ended = true;
        bytesAtEnd = counters.bytesReceived;
        unfinished = outstanding + waiting.size();
        waiting.clear();
        idle.clear();
        for (Worker w : workers) w.stop();
    }

    // ---- one connection ----

    private final class Worker implements HttpClientConnection.ResponseHandler {
        HttpClientConnection connection;
        Due request;
        Timer timeout;
        boolean timedOut;

        void issue(Due due) {
            request = due;
            outstanding++;
            if (connection == null || !connection.isOpen()) {
                try {
                    connection = HttpClientConnection.open(machine, HttpLoad.this, config.to(), config.port(),
                            HttpClientConnection.Options.DEFAULT, counters, null);
                } catch (IllegalStateException noFreePort) {
                    // Every ephemeral port is taken (TIME-WAIT holds closed ones for 240 s): a connect
                    // error, and a pause before trying again, so the failures cannot loop in one instant.
                    connection = null;
                    errors.add(LoadErrors.Kind.CONNECT);
                    request = null;
                    outstanding--;
                    machine.sim().schedule(PORT_RETRY_NS, () -> machine.guard(HttpLoad.this, () -> next(this)));
                    return;
                }
                opened++;
            }
            HttpRequest r = HttpRequest.get(due.path(), config.host());
            if (!config.keepAlive()) r.headers().add("Connection", "close");
            if (config.gzip()) r.headers().add("Accept-Encoding", "gzip");
            long left = due.atNs() + config.timeoutNs() - machine.sim().now();
            timeout = machine.sim().timer(Math.max(0, left), () -> machine.guard(HttpLoad.this, this::timedOut));
            connection.send(r, this);
        }

        /** The request waited too long: count it, reset the connection; its failure report is then ignored. */
        private void timedOut() {
            if (ended || request == null) return;
            errors.add(LoadErrors.Kind.TIMEOUT);
            timedOut = true;
            connection.tcp().abort();
        }

        @Override
        public boolean collectBody() { return false; }       // counted, not kept

        @Override
        public void complete(HttpResponse response) {
            if (ended) return;
            latency.record(machine.sim().now() - request.atNs());
            errors.status(response.status());
            responses++;
            finish();
        }

        @Override
        public void failed(HttpError error) {
            if (ended) return;
            if (!timedOut) errors.add(switch (error) {
                case CONNECT_FAILED -> LoadErrors.Kind.CONNECT;
                case TIMEOUT -> LoadErrors.Kind.TIMEOUT;
                case BAD_RESPONSE -> LoadErrors.Kind.PARSE;
                default -> LoadErrors.Kind.RESET;     // closed or reset before the response was complete
            });
            timedOut = false;
            finish();
        }

        private void finish() {
            request = null;
            outstanding--;
            timeout.cancel();
            // After the callback returns: the client closes a connection that ends with this response
            // only then, so whether it can be reused is known.
            machine.sim().afterEvent(() -> machine.guard(HttpLoad.this, () -> next(this)));
        }

        void stop() {
            if (timeout != null) timeout.cancel();
            if (connection == null) return;
            if (request != null) connection.tcp().abort();
            else connection.close();
        }
    }

    // ---- results ----

    public LoadConfig config() { return config; }
    public LatencyRecorder latency() { return latency; }
    public LoadErrors errors() { return errors; }
    /** Requests sent and not yet answered (nor failed). */
    public int outstanding() { return outstanding; }
    public long responses() { return responses; }

    public LoadReport report() {
        return new LoadReport(config.target(), config.connections(), config.rate(), config.arrivals().name().toLowerCase(java.util.Locale.ROOT),
                config.keepAlive(), config.durationNs(), responses, ended ? bytesAtEnd : counters.bytesReceived,
                ended ? unfinished : outstanding, opened, latency, errors);
    }

    @Override
    public boolean hasGoal() { return true; }

    /** Met when the duration has passed with at least one response received. */
    @Override
    public boolean goalMet() { return ended && responses > 0; }

    @Override
    public long finishedAtNs() { return ended ? endNs : -1; }

    @Override
    public String summary() {
        LoadReport r = report();
        return String.format(java.util.Locale.ROOT, "%d requests in %s, %.2f requests/s, %.3f Gbit/s, latency p50 %s p99 %s max %s, %d errors",
                responses, LoadReport.time(config.durationNs()), r.requestsPerSecond(), r.bytesPerSecond() * 8 / 1e9,
                LoadReport.time(latency.percentileNs(50)), LoadReport.time(latency.percentileNs(99)), LoadReport.time(latency.maxNs()), errors.total());
    }

    @Override
    public Map<String, Object> results() { return report().results(); }

    /** {@code http_load}: see {@link LoadConfig#schema}. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() { return LoadConfig.schema(); }

        @Override
        public Application create(Arguments a, Context context) { return new HttpLoad(LoadConfig.of(a, context)); }
    }
}
