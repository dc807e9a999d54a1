package elvis.web.server;

import elvis.Simulation;
import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.dist.Distributions;
import elvis.dist.Quantity;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;
import elvis.web.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpServerAppTest {
    static final long MS = 1_000_000;
    static final int SERVER = Ipv4Address.parse("10.0.0.1");

    @TempDir Path tmp;

    /** A server machine and {@code clients} client machines on one 100 Mbit/s LAN with 1 ms latency. */
    record Lan(Simulation sim, Machine server, List<Machine> clients) { }

    static Lan lan(int clients, long seed) {
        Simulation sim = new Simulation(seed);
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withBandwidth(100_000_000).withDelay(MS));
        Machine server = sim.machine("server");
        sim.connect(server, lan, "10.0.0.1/16");
        List<Machine> cs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Machine m = sim.machine("c" + i);
            sim.connect(m, lan, Ipv4Address.parse("10.0.1.0") + i, 16);
            cs.add(m);
        }
        return new Lan(sim, server, cs);
    }

    static RawClient client(Machine m, String request, long startNs) {
        RawClient c = new RawClient(SERVER, 80, request, startNs);
        m.addApplication(c);
        return c;
    }

    static String get(String path) { return "GET " + path + " HTTP/1.1\r\nHost: server\r\n\r\n"; }

    static String last(String method, String path) { return method + " " + path + " HTTP/1.1\r\nHost: server\r\nConnection: close\r\n\r\n"; }

    private Path site() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<html><body>home</body></html>\n");
        byte[] binary = new byte[70_000];     // spans many segments; bytes ≥ 0x80 included
        for (int i = 0; i < binary.length; i++) binary[i] = (byte) (i * 31 + 7);
        Files.createDirectories(root.resolve("img"));
        Files.write(root.resolve("img/photo.jpg"), binary);
        Files.writeString(tmp.resolve("secret.txt"), "outside the root");
        return root;
    }

    /** api='sockets': a process per connection on BlockingHttpServer, the same answers and counters as on the event API. */
    @Test
    void onSocketsTheAnswersAndCountersAreTheSame() throws IOException {
        Path root = site();
        String pipelined = get("/") + get("/img/photo.jpg") + get("/missing.html") + get("/../secret.txt")
                + "HEAD /img/photo.jpg HTTP/1.1\r\nHost: server\r\n\r\n" + last("GET", "/%69ndex.html?x=1");
        List<List<RawClient.Response>> answers = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (boolean sockets : new boolean[]{false, true}) {
            Lan lan = lan(1, 1);
            HttpServerApp server = HttpServerApp.serving(80, true, Documents.fromDirectory(root), "dir www");
            if (sockets) server.useSockets();
            lan.server().addApplication(server);
            RawClient c = client(lan.clients().get(0), pipelined, 0);
            lan.sim().run();
            answers.add(c.responses(false, false, false, false, true, false));
            assertThat(c.outcome()).isEqualTo(CloseReason.NORMAL);
            Map<String, Object> r = new java.util.LinkedHashMap<>(server.results());
            r.remove("api");
            r.remove("response_time_ms");
            results.add(r);
            assertThat(server.onSockets()).isEqualTo(sockets);
        }
        assertThat(answers.get(1)).extracting(RawClient.Response::status).containsExactly(200, 200, 404, 400, 200, 200);
        for (int i = 0; i < 6; i++) assertThat(answers.get(1).get(i).body()).isEqualTo(answers.get(0).get(i).body());
        assertThat(results.get(1)).isEqualTo(results.get(0));
    }

    @Test
    void aDirectoryIsServedByteExactWithStatusesForEverythingElse() throws IOException {
        Path root = site();
        Lan lan = lan(1, 1);
        HttpServerApp server = HttpServerApp.serving(80, true, Documents.fromDirectory(root), "dir www");
        lan.server().addApplication(server);
        String pipelined = get("/") + get("/img/photo.jpg") + get("/missing.html") + get("/../secret.txt")
                + "POST /index.html HTTP/1.1\r\nHost: server\r\nContent-Length: 3\r\n\r\nabc"
                + "HEAD /img/photo.jpg HTTP/1.1\r\nHost: server\r\n\r\n" + last("GET", "/%69ndex.html?x=1");
        RawClient c = client(lan.clients().get(0), pipelined, 0);
        lan.sim().run();

        List<RawClient.Response> rs = c.responses(false, false, false, false, false, true, false);
        assertThat(rs).extracting(RawClient.Response::status).containsExactly(200, 200, 404, 400, 405, 200, 200);
        assertThat(rs.get(0).text()).isEqualTo("<html><body>home</body></html>\n");
        assertThat(rs.get(0).header("Content-Type")).isEqualTo("text/html");
        assertThat(rs.get(1).body()).isEqualTo(Files.readAllBytes(root.resolve("img/photo.jpg")));
        assertThat(rs.get(1).header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(rs.get(1).header("Content-Length")).isEqualTo("70000");
        assertThat(rs.get(4).header("Allow")).isEqualTo("GET, HEAD");
        assertThat(rs.get(5).header("Content-Length")).isEqualTo("70000");     // HEAD: the length, no body
        assertThat(rs.get(5).body()).isEmpty();
        assertThat(rs.get(6).text()).isEqualTo(rs.get(0).text());
        assertThat(rs.get(6).header("Connection")).isEqualTo("close");
        assertThat(c.outcome()).isEqualTo(CloseReason.NORMAL);

        ServerCounters n = server.counters();
        assertThat(n.requests()).isEqualTo(7);
        assertThat(n.responses()).isEqualTo(7);
        assertThat(n.responses(200)).isEqualTo(4);
        assertThat(n.responses(404)).isEqualTo(1);
        assertThat(n.responses(400)).isEqualTo(1);
        assertThat(n.responses(405)).isEqualTo(1);
        assertThat(n.errors(ServerCounters.PATH_TRAVERSAL)).isEqualTo(1);
        assertThat(n.errors()).isEqualTo(1);
        assertThat(n.bytes()).isEqualTo(c.bytes().length);
        assertThat(n.accepted()).isEqualTo(1);
        assertThat(n.maxOpen()).isEqualTo(1);
        assertThat(n.open()).isZero();
        assertThat(n.responseTimes().getTotalCount()).isEqualTo(7);

        Map<String, Object> json = server.results();
        assertThat(json).containsEntry("documents", 3).containsEntry("requests", 7L).containsEntry("connections_max", 1L)
                .containsEntry("errors", Map.of(ServerCounters.PATH_TRAVERSAL, 1L));
        @SuppressWarnings("unchecked") Map<String, Object> statuses = (Map<String, Object>) json.get("responses");
        assertThat(statuses).containsEntry("200", 4L).containsEntry("404", 1L);
        @SuppressWarnings("unchecked") Map<String, Object> times = (Map<String, Object>) json.get("response_time_ms");
        assertThat(times).containsEntry("count", 7L).containsKeys("p50", "p99", "max");
    }

    @Test
    void theSameUrlTwiceGivesIdenticalBytesAndLengthsMatchBodies() {
        Lan lan = lan(2, 3);
        HttpServerApp server = HttpServerApp.serving(80, true, Documents.rusty(), "corpus rusty");
        lan.server().addApplication(server);
        RawClient a = client(lan.clients().get(0), last("GET", "/42.htm"), 0);
        RawClient b = client(lan.clients().get(1), last("GET", "/42.htm"), 5 * MS);
        lan.sim().run();
        RawClient.Response ra = a.responses().getFirst(), rb = b.responses().getFirst();
        assertThat(ra.status()).isEqualTo(200);
        assertThat(ra.body()).hasSize(Documents.RUSTY_PAGE_BYTES);
        assertThat(a.bytes()).isEqualTo(b.bytes());
        assertThat(server.counters().bodyBytes()).isEqualTo(2L * Documents.RUSTY_PAGE_BYTES);
    }

    @Test
    void aRequestArrivingOneByteASegmentIsServed() {
        Lan lan = lan(1, 2);
        HttpServerApp server = HttpServerApp.serving(80, true, Documents.rusty(), "corpus rusty");
        lan.server().addApplication(server);
        String request = last("GET", "/7.htm");
        RawClient c = client(lan.clients().get(0), request, 0).trickle(MS);
        lan.sim().run();
        assertThat(c.connection().info().segmentsSent()).isGreaterThanOrEqualTo(1 + request.length());     // SYN's ACK, then a byte each
        assertThat(c.responses()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).hasSize(Documents.RUSTY_PAGE_BYTES);
        });
        assertThat(server.counters().requests()).isEqualTo(1);
    }

    @Test
    void withoutKeepAliveEachConnectionCarriesOneResponseAndConcurrencyIsCounted() {
        int clients = 20;
        Lan lan = lan(clients, 5);
        HttpServerApp server = HttpServerApp.serving(80, false, Documents.rusty(), "corpus rusty");
        lan.server().addApplication(server);
        int sendBuffer = 16_384;
        Tcp.of(lan.server()).config(TcpConfig.DEFAULT.withSendBuffer(sendBuffer));
        List<RawClient> cs = new ArrayList<>();
        // Two requests on each connection: the server answers the first, says close, and stops reading.
        for (int i = 0; i < clients; i++) cs.add(client(lan.clients().get(i), get("/" + i + ".htm") + get("/1.htm"), 0));
        lan.sim().run();
        for (RawClient c : cs) {
            List<RawClient.Response> rs = c.responses();
            assertThat(rs).hasSize(1);
            assertThat(rs.getFirst().header("Connection")).isEqualTo("close");
            assertThat(rs.getFirst().body()).hasSize(Documents.RUSTY_PAGE_BYTES);
        }
        ServerCounters n = server.counters();
        assertThat(n.accepted()).isEqualTo(clients);
        assertThat(n.responses(200)).isEqualTo(clients);
        assertThat(n.maxOpen()).isEqualTo(clients);          // all connect at once; each response takes > 10 ms at 100 Mbit/s
        assertThat(n.open()).isZero();
        // A response is handed over whole only when at most a send buffer of it is left unacknowledged:
        // all but 16 KB of it crossed the switch's 100 Mbit/s pipe towards its client, 80 ns a byte.
        assertThat(n.responseTimes().getMinValue()).isGreaterThan((Documents.RUSTY_PAGE_BYTES - sendBuffer) * 80L);
        assertThat(n.responseTimes().getTotalCount()).isEqualTo(clients);
    }

    @Test
    void syntheticSizesFollowTheDistributionAndTheSeed() throws Exception {
        var sizes = Distributions.parse("uniform(1000, 2000)", Quantity.SIZE, null);
        long[] first = new long[50], second = new long[50], other = new long[50];
        for (long[] into : new long[][] {first, second, other}) {
            Lan lan = lan(0, 1);
            HttpServerApp s = HttpServerApp.synthetic(80, true, 50, sizes, into == other ? 8L : 7L);
            lan.server().addApplication(s);
            lan.sim().run();
            for (int i = 0; i < 50; i++) into[i] = s.documents().find("/" + i + ".htm").body().length();
        }
        assertThat(first).isEqualTo(second).isNotEqualTo(other);
        for (long v : first) assertThat(v).isBetween(1000L, 1999L);
    }

    @Test
    void withoutASeedEachServerDrawsFromItsMachinesStream() throws Exception {
        var sizes = Distributions.parse("exp(10KB)", Quantity.SIZE, null);
        Lan lan = lan(1, 1);
        HttpServerApp a = HttpServerApp.synthetic(80, true, 10, sizes, null), b = HttpServerApp.synthetic(80, true, 10, sizes, null);
        lan.server().addApplication(a);
        lan.clients().get(0).addApplication(b);
        lan.sim().run();
        assertThat(a.documents().totalBytes()).isNotEqualTo(b.documents().totalBytes());
        Lan again = lan(1, 1);
        HttpServerApp a2 = HttpServerApp.synthetic(80, true, 10, sizes, null);
        again.server().addApplication(a2);
        again.sim().run();
        assertThat(a2.documents().totalBytes()).isEqualTo(a.documents().totalBytes());
    }

    /** A server whose lookup throws for one path: a bug of the application, not of the simulation. */
    static final class Faulty extends ServerApplication {
        Faulty() { super(80, true); }
        @Override public String name() { return "faulty"; }
        @Override void prepare(Machine machine) { }
        @Override HttpResponse find(String path) {
            if (path.equals("/boom")) throw new IllegalStateException("boom");
            return HttpResponse.ok("text/plain", elvis.message.Message.ofUtf8("fine"));
        }
        @Override Map<String, Object> describe() { return Map.of(); }
    }

    @Test
    void anApplicationThatThrowsFailsAloneAndTheSimulationGoesOn() {
        Lan lan = lan(2, 1);
        lan.server().addApplication(new Faulty());
        Machine other = lan.clients().get(1);
        HttpServerApp healthy = HttpServerApp.serving(80, true, Documents.rusty(), "corpus rusty");
        other.addApplication(healthy);
        RawClient boom = client(lan.clients().get(0), last("GET", "/boom"), 0);
        RawClient fine = new RawClient(Ipv4Address.parse("10.0.1.1"), 80, last("GET", "/3.htm"), 10 * MS);
        lan.clients().get(0).addApplication(fine);
        lan.sim().runUntil(10_000 * MS);
        assertThat(lan.server().failures()).hasSize(1);
        assertThat(lan.server().failures().getFirst().toString()).contains("boom");
        assertThat(boom.responses()).isEmpty();
        assertThat(fine.responses()).extracting(RawClient.Response::status).containsExactly(200);
        assertThat(healthy.counters().responses(200)).isEqualTo(1);
    }

    @Test
    void argumentsAreCheckedNamingTheArgumentAtFault() throws IOException {
        Path root = site();
        ApplicationFactory f = new HttpServerApp.Factory();
        ApplicationFactory.Context ctx = ApplicationFactory.Context.of(name -> -1, tmp);
        assertThat(FactoryErrors.key(f, ctx)).isEqualTo("dir");
        assertThat(FactoryErrors.key(f, ctx, "dir", "www", "sizes", "exp(1KB)")).isEqualTo("sizes");
        assertThat(FactoryErrors.key(f, ctx, "dir", "www", "corpus", "rusty")).isEqualTo("corpus");
        assertThat(FactoryErrors.key(f, ctx, "dir", "nowhere")).isEqualTo("dir");
        assertThat(FactoryErrors.message(f, ctx, "dir", "nowhere")).contains("nowhere");
        assertThat(FactoryErrors.key(f, ctx, "sizes", "lognormal(1)")).isEqualTo("sizes");
        assertThat(FactoryErrors.message(f, ctx, "sizes", "exp(10 parsecs)")).startsWith("bad distribution 'sizes' at character");
        assertThat(FactoryErrors.key(f, ctx, "sizes", "empirical(missing.csv)")).isEqualTo("sizes");
        assertThat(FactoryErrors.key(f, ctx, "corpus", "alexa")).isEqualTo("corpus");
        assertThat(FactoryErrors.key(f, ctx, "corpus", "rusty", "documents", "10")).isEqualTo("documents");
        assertThat(FactoryErrors.key(f, ctx, "dir", "www", "seed", "3")).isEqualTo("seed");
        assertThat(FactoryErrors.key(f, ctx, "sizes", "exp(1KB)", "documents", "0")).isEqualTo("documents");
        assertThat(FactoryErrors.key(f, ctx, "corpus", "rusty", "port", "0")).isEqualTo("port");
        assertThat(FactoryErrors.key(f, ctx, "corpus", "rusty", "keepalive", "maybe")).isEqualTo("keepalive");
        assertThat(f.create(Arguments.of("dir", root.getFileName().toString()), ctx)).isInstanceOf(HttpServerApp.class);
        assertThat(f.create(Arguments.of("sizes", "exp(1KB)", "documents", "5", "seed", "9", "port", "8080"), ctx).name()).isEqualTo("http_server");
    }
}
