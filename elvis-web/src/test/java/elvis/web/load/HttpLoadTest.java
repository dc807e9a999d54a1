package elvis.web.load;

import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;
import elvis.web.http.HttpServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** http_load against the substrate's event server on a point-to-point link whose timing is known. */
class HttpLoadTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final String SERVER = "10.0.0.2";

    /** Serves every path with a body of {@code size} zero bytes, except /missing (404); slow paths wait {@code delayNs}. */
    static final class PageServer implements Application {
        final int size;
        final long delayNs;
        final HttpCounters counters = new HttpCounters();

        PageServer(int size, long delayNs) { this.size = size; this.delayNs = delayNs; }

        @Override public String name() { return "pages"; }

        @Override
        public void start(Machine m) {
            HttpResponse page = HttpResponse.ok("text/html", Message.zeros(size));
            HttpServer.listen(m, 80, this, HttpServer.Options.DEFAULT, counters, (request, exchange) -> {
                HttpResponse r = request.path().equals("/missing") ? HttpResponse.notFound() : page;
                if (request.path().startsWith("/slow") && delayNs > 0) m.sim().schedule(delayNs, () -> exchange.respond(r));
                else exchange.respond(r);
            });
        }

        @Override public String summary() { return counters.toString(); }
    }

    record Run(Simulation sim, HttpLoad load, PageServer server) { }

    static Run run(long bandwidth, long delayNs, PageServer server, TcpConfig tcp, long seed, Runnable[] probes, String... args) {
        Simulation sim = new Simulation(seed);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(bandwidth).withDelay(delayNs), Simulation.Resolution.STATIC);
        Machine client = sim.machine("client"), srv = sim.machine("server");
        sim.connect(client, link, "10.0.0.1/30");
        sim.connect(srv, link, SERVER + "/30");
        if (tcp != null) {
            Tcp.of(client).config(tcp);
            Tcp.of(srv).config(tcp);
        }
        srv.addApplication(server);
        String[] all = new String[args.length + 2];
        all[0] = "to";
        all[1] = SERVER;
        System.arraycopy(args, 0, all, 2, args.length);
        HttpLoad load = new HttpLoad(LoadConfig.of(Arguments.of(all), ApplicationFactory.Context.of(Ipv4Address::parse, Path.of(""))));
        client.addApplication(load);
        if (probes != null) for (Runnable p : probes) p.run();
        sim.run();
        return new Run(sim, load, server);
    }

    @Test
    void onAnIdleLinkEachKeptAliveRequestTakesTheRoundTripPlusBothTransmissions() {
        // One connection, one segment each way: after the first request (which also pays the
        // handshake), a request's latency is its frame's transmission, the propagation delay, the
        // response frame's transmission and the delay back, exactly: nothing else is on the wire
        // (the ACK of each response rides on the next request).
        long bw = 100_000_000, d = 5 * MS;
        int body = 1_000;
        TcpConfig tcp = TcpConfig.DEFAULT.withTimestamps(false);
        Run r = run(bw, d, new PageServer(body, 0), tcp, 1, null, "connections", "1", "duration", "2s", "path", "/p");
        int header = 20 + 20 + 14;                    // IPv4, TCP without options, Ethernet
        long req = HttpRequest.get("/p", SERVER).encode().length() + header;
        long resp = HttpResponse.ok("text/html", Message.zeros(body)).encode(false).length() + header;
        long expected = 2 * d + (req + resp) * 8 * S / bw;
        LatencyRecorder lat = r.load().latency();
        assertThat(lat.count()).isGreaterThan(150);
        // The first request paid one more round trip (the handshake) and its SYN's transmission; the rest the exact figure.
        assertThat(lat.maxNs()).isBetween(expected + 2 * d, expected + 2 * d + 1 * MS);
        assertThat((double) lat.percentileNs(50)).isCloseTo(expected, within(expected * 1e-3));
        assertThat(lat.meanNs()).isCloseTo(expected + (lat.maxNs() - expected) / (double) lat.count(), within(lat.count() * 2.0));
        // Closed loop, one connection: the responses fill the duration back to back.
        assertThat(r.load().responses()).isBetween(2 * S / expected - 2, 2 * S / expected);
        assertThat(r.load().errors().total()).isZero();
        assertThat(r.load().errors().statuses()).containsOnlyKeys(200);
        assertThat(r.load().goalMet()).isTrue();
        assertThat(r.load().finishedAtNs()).isEqualTo(2 * S);
    }

    @Test
    void largePagesTakeAtLeastTheirTransmissionTime() {
        // 136 KB over 100 Mbit/s: ≥ 10.9 ms of transmission per response plus the round trip, whatever TCP does.
        long bw = 100_000_000, d = 1 * MS;
        Run r = run(bw, d, new PageServer(136_000, 0), null, 1, null, "connections", "4", "duration", "3s", "path", "/big");
        long bound = 2 * d + 136_000L * 8 * S / bw;
        assertThat(r.load().latency().count()).isPositive();
        assertThat(r.load().latency().percentileNs(0)).isGreaterThanOrEqualTo(bound);
        // Four connections share one link: at most the link's rate of pages (plus the ones in flight at the start).
        assertThat(r.load().responses()).isLessThanOrEqualTo(3 * S / (136_000L * 8 * S / bw) + 4);
        assertThat(r.load().responses()).isGreaterThan((long) (0.8 * 3 * S / (136_000L * 8 * S / bw)));
    }

    @Test
    void aKeptAliveResponseDoesNotWaitForADelayedAck() {
        // 20,000 bytes end in a partial segment; with Nagle on at the server it would wait for the
        // client's delayed ACK, adding up to that timer to every response. The server sets TCP_NODELAY.
        long bw = 1_000_000_000L, d = 100_000;
        Run r = run(bw, d, new PageServer(20_000, 0), null, 1, null, "connections", "1", "duration", "1s", "path", "/p");
        long transmission = 20_200L * 8 * S / bw;               // body and head, without frame overheads
        assertThat(r.load().latency().percentileNs(99)).isLessThan(2 * d + 2 * transmission + 2 * 2 * d);
    }

    @Test
    void aClosedLoopKeepsExactlyItsConnectionsOutstanding() {
        List<Integer> seen = new ArrayList<>();
        for (boolean keepAlive : new boolean[] {true, false}) {
            seen.clear();
            Run r = run(1_000_000_000L, 200_000, new PageServer(20_000, 0), null, 5, null,
                    "connections", "25", "duration", "1s", "paths", "/a,/b,/c", "keepalive", String.valueOf(keepAlive));
            assertThat(r.load().responses()).isGreaterThan(1_000);
            assertThat(r.load().errors().total()).isZero();
            if (!keepAlive) assertThat(r.load().report().opened()).isGreaterThanOrEqualTo(r.load().responses());
            else assertThat(r.load().report().opened()).isEqualTo(25);
        }
        // Sampled between events: 25 requests outstanding at every probe during the run.
        Simulation s = new Simulation(5);
        Network link = s.link("p2p", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000L).withDelay(200_000), Simulation.Resolution.STATIC);
        Machine client = s.machine("client"), srv = s.machine("server");
        s.connect(client, link, "10.0.0.1/30");
        s.connect(srv, link, SERVER + "/30");
        srv.addApplication(new PageServer(20_000, 0));
        HttpLoad l = new HttpLoad(LoadConfig.of(Arguments.of("to", SERVER, "connections", "25", "duration", "1s", "keepalive", "false"),
                ApplicationFactory.Context.of(Ipv4Address::parse, Path.of(""))));
        client.addApplication(l);
        for (int i = 1; i < 100; i++) s.kernel().at(i * 10 * MS + 1234, () -> seen.add(l.outstanding()));
        s.run();
        assertThat(seen).hasSize(99).containsOnly(25);
    }

    @Test
    void anOpenLoopMeetsItsRateAndCountsLatencyFromTheIntendedTime() {
        // 200 requests/s for 10 s at constant spacing, on a fast link: every one answered, rate met exactly.
        Run r = run(1_000_000_000L, 100_000, new PageServer(5_000, 0), null, 3, null,
                "rate", "200", "arrivals", "constant", "connections", "10", "duration", "10s", "path", "/x");
        assertThat(r.load().responses()).isEqualTo(2_000);
        assertThat(r.load().report().requestsPerSecond()).isEqualTo(200.0);
        // Poisson at 1,000/s: the count is within 5 standard deviations (√10,000 = 100) of 10,000.
        Run p = run(1_000_000_000L, 100_000, new PageServer(5_000, 0), null, 3, null,
                "rate", "1000", "connections", "50", "duration", "10s", "path", "/x");
        assertThat(p.load().responses() + p.load().report().unfinished()).isBetween(9_500L, 10_500L);
        // A server that takes 200 ms for each request but only 2 connections at 50 requests/s: requests
        // queue behind each other, and their latency counts the queueing (no coordinated omission):
        // the 2 connections serve 10/s, so the queue grows 40/s and late requests wait seconds.
        Run slow = run(1_000_000_000L, 100_000, new PageServer(1_000, 200 * MS), null, 3, null,
                "rate", "50", "arrivals", "constant", "connections", "2", "duration", "5s", "path", "/slow", "timeout", "60s");
        LatencyRecorder lat = slow.load().latency();
        assertThat(slow.load().responses()).isBetween(48L, 50L);
        assertThat(lat.maxNs()).isGreaterThan(3 * S);      // measured from send time it would be ~200 ms
        assertThat(slow.load().report().unfinished()).isGreaterThan(190);
    }

    @Test
    void errorsAreCountedByKind() {
        // 404s are responses with an error status; a server that answers after the timeout gives timeouts;
        // a port nobody listens on gives connection errors.
        Run notFound = run(1_000_000_000L, 100_000, new PageServer(100, 0), null, 1, null, "connections", "2", "duration", "100ms", "path", "/missing");
        assertThat(notFound.load().errors().count(LoadErrors.Kind.STATUS)).isEqualTo(notFound.load().responses()).isPositive();
        assertThat(notFound.load().errors().statuses()).containsOnlyKeys(404);
        Run late = run(1_000_000_000L, 100_000, new PageServer(100, 500 * MS), null, 1, null,
                "connections", "3", "duration", "2s", "path", "/slow", "timeout", "300ms");
        assertThat(late.load().responses()).isZero();
        // Each connection times out every 300 ms (and reconnects): 6 rounds of 3 by the end of 2 s.
        assertThat(late.load().errors().count(LoadErrors.Kind.TIMEOUT)).isBetween(15L, 18L);
        assertThat(late.load().goalMet()).isFalse();
        Run refused = run(1_000_000_000L, 100_000, new PageServer(100, 0), null, 1, null, "connections", "1", "duration", "10ms", "port", "81");
        // Each attempt costs a round trip (SYN, RST) of 0.2 ms: about 50 in 10 ms.
        assertThat(refused.load().errors().count(LoadErrors.Kind.CONNECT)).isBetween(45L, 50L);
        assertThat(refused.load().responses()).isZero();
    }

    @Test
    void withNoFreeLocalPortAConnectionIsAConnectErrorRetriedLater() {
        // Every ephemeral port of the client is taken (by listeners here; by TIME-WAIT in a long run of
        // connections per request): each attempt is a connect error, and the next comes 10 ms later.
        Simulation sim = new Simulation(1);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(1_000_000_000L).withDelay(100_000), Simulation.Resolution.STATIC);
        Machine client = sim.machine("client"), srv = sim.machine("server");
        sim.connect(client, link, "10.0.0.1/30");
        sim.connect(srv, link, SERVER + "/30");
        srv.addApplication(new PageServer(100, 0));
        HttpLoad load = new HttpLoad(LoadConfig.of(Arguments.of("to", SERVER, "connections", "2", "duration", "95ms"),
                ApplicationFactory.Context.of(Ipv4Address::parse, Path.of(""))));
        client.addApplication(load);
        for (int port = Tcp.EPHEMERAL_FIRST; port <= 65535; port++) Tcp.of(client).listen(port, 1, load, c -> null);
        sim.run();
        // Attempts at 0, 10, …, 90 ms for each of the 2 connections.
        assertThat(load.errors().count(LoadErrors.Kind.CONNECT)).isEqualTo(20);
        assertThat(load.responses()).isZero();
        assertThat(client.failures()).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameResultsAndAnotherSeedOtherPages() {
        String[] args = {"connections", "20", "duration", "500ms", "pages", "50", "rate", "3000"};
        var a = run(1_000_000_000L, 100_000, new PageServer(10_000, 0), null, 9, null, args).load().results();
        var b = run(1_000_000_000L, 100_000, new PageServer(10_000, 0), null, 9, null, args).load().results();
        var c = run(1_000_000_000L, 100_000, new PageServer(10_000, 0), null, 10, null, args).load().results();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }
}
