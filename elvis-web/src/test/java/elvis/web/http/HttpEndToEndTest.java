package elvis.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Servers and clients of both kinds against each other over a simulated LAN. */
class HttpEndToEndTest {
    static final long MS = 1_000_000;
    static final Message PAGE = Message.ofUtf8("<html><body><a href=\"/b\">b</a></body></html>");
    static final int BIG = 600_000;

    /** An application that runs code at start. */
    record App(String name, Consumer<Machine> start) implements Application {
        @Override public void start(Machine m) { start.accept(m); }
        @Override public String summary() { return name; }
    }

    static HttpHandler site() {
        HttpResponse page = HttpResponse.ok("text/html", PAGE);
        HttpResponse big = HttpResponse.ok("image/jpeg", Message.zeros(BIG));
        return (request, exchange) -> {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                exchange.respond(HttpResponse.methodNotAllowed("GET, HEAD"));
                return;
            }
            switch (request.path()) {
                case "/" -> exchange.respond(page);
                case "/big" -> exchange.respond(big);
                default -> exchange.respond(HttpResponse.notFound());
            }
        };
    }

    final Simulation sim = new Simulation(1);
    final Machine server, client;
    final int serverIp = Ipv4Address.parse("10.0.0.1");

    HttpEndToEndTest() {
        Network lan = sim.network("lan", LinkConfig.UNLIMITED.withDelay(MS).withBandwidth(100_000_000));
        server = sim.machine("server");
        client = sim.machine("client");
        sim.connect(server, lan, "10.0.0.1/24");
        sim.connect(client, lan, "10.0.0.2/24");
    }

    /** Collects outcomes as text. */
    static class Outcomes implements HttpClientConnection.ResponseHandler {
        final List<String> got;
        int parts;

        Outcomes(List<String> got) { this.got = got; }

        @Override public void body(Message part) { parts++; }
        @Override public void complete(HttpResponse r) { got.add(r.status() + " " + r.body().length()); }
        @Override public void failed(HttpError e) { got.add("failed " + e.key()); }
    }

    @Test
    void eventServerAndEventClientWithPipelining() {
        HttpCounters serverCounters = new HttpCounters(), clientCounters = new HttpCounters();
        server.addApplication(new App("server", m -> HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT, serverCounters, site())));
        List<String> got = new ArrayList<>();
        Outcomes big = new Outcomes(got);
        client.addApplication(new App("client", m -> {
            HttpClientConnection c = HttpClientConnection.open(m, null, serverIp, 80,
                    HttpClientConnection.Options.DEFAULT.withPipeline(true), clientCounters, null);
            c.send(HttpRequest.get("/", "server"), new Outcomes(got));
            c.send(HttpRequest.get("/big", "server"), big);
            c.send(HttpRequest.get("/nope", "server"), new Outcomes(got));
            c.send(new HttpRequest("HEAD", "/big", 1, new HttpHeaders().add("Host", "s"), Message.EMPTY), new Outcomes(got));
            c.send(new HttpRequest("DELETE", "/", 1, new HttpHeaders().add("Host", "s"), Message.EMPTY), new Outcomes(got) {
                @Override public void complete(HttpResponse r) {
                    super.complete(r);
                    got.add("allow " + r.headers().get("Allow"));
                    c.close();
                }
            });
        }));
        sim.run();
        assertThat(got).containsExactly("200 " + PAGE.length(), "200 " + BIG, "404 0", "200 0", "405 0", "allow GET, HEAD");
        assertThat(big.parts).isGreaterThan(10);                     // the big body came in many reads
        assertThat(serverCounters.requests).isEqualTo(5);
        assertThat(serverCounters.responses).isEqualTo(5);
        assertThat(serverCounters.byClass[4]).isEqualTo(2);
        assertThat(serverCounters.bytesSent).isEqualTo(clientCounters.bytesReceived);
        assertThat(clientCounters.bytesSent).isEqualTo(serverCounters.bytesReceived);
        assertThat(serverCounters.errorTotal()).isZero();
        assertThat(clientCounters.errorTotal()).isZero();
        assertThat(serverCounters.open).isZero();
        assertThat(clientCounters.open).isZero();
    }

    @Test
    void connectionCloseAndOneResponsePerConnection() {
        HttpCounters sc = new HttpCounters(), cc = new HttpCounters();
        server.addApplication(new App("server", m -> HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT.withKeepAlive(false), sc, site())));
        List<String> got = new ArrayList<>();
        client.addApplication(new App("client", m -> {
            HttpClientConnection c = HttpClientConnection.open(m, null, serverIp, 80,
                    HttpClientConnection.Options.DEFAULT.withPipeline(true), cc, null);
            c.send(HttpRequest.get("/", "server"), new Outcomes(got) {
                @Override public void complete(HttpResponse r) {
                    super.complete(r);
                    got.add("open " + c.isOpen() + ", close field " + r.headers().get("Connection"));
                }
            });
            c.send(HttpRequest.get("/", "server"), new Outcomes(got));   // the server closes before answering it
        }));
        sim.run();
        assertThat(got).containsExactly("200 " + PAGE.length(), "open false, close field close", "failed truncated");
        assertThat(sc.responses).isEqualTo(1);
        assertThat(sc.open).isZero();
    }

    @Test
    void blockingClientAgainstBlockingServer() {
        HttpCounters sc = new HttpCounters(), cc = new HttpCounters();
        server.addApplication(new App("server", m -> Process.spawn(m, null, self -> {
            StreamSocket listener = self.streamSocket();
            listener.bind(80);
            listener.listen(16);
            while (true) {
                StreamSocket conn = listener.accept();
                self.spawn(p -> BlockingHttpServer.serve(p, conn, HttpServer.Options.DEFAULT, sc, (request, exchange) -> {
                    // an asynchronous producer: the response is ready 5 ms later
                    m.sim().schedule(m.sim().now() + 5 * MS, () -> site().handle(request, exchange));
                }), conn);
            }
        })));
        List<String> got = new ArrayList<>();
        long[] times = new long[2];
        client.addApplication(new App("client", m -> Process.spawn(m, null, self -> {
            StreamSocket s = self.streamSocket();
            s.connect(serverIp, 80);
            BlockingHttpClient http = new BlockingHttpClient(s, HttpLimits.DEFAULT, cc);
            times[0] = self.now();
            HttpResponse page = http.fetch(HttpRequest.get("/", "server"));
            got.add(page.status() + " " + page.body().toUtf8());
            HttpResponse head = http.sendRequest(HttpRequest.get("/big", "server"));
            long bytes = 0;
            int parts = 0;
            for (Message part; (part = http.readBody()) != null; parts++) bytes += part.length();
            got.add(head.status() + " " + bytes + " in many parts " + (parts > 10));
            got.add("reusable " + http.reusable());
            times[1] = self.now();
            s.close();
        })));
        sim.run();
        sim.shutdown();
        assertThat(got).containsExactly("200 " + PAGE.toUtf8(), "200 " + BIG + " in many parts true", "reusable true");
        assertThat(times[1] - times[0]).isGreaterThan(10 * MS + BIG * 8L * 1_000_000_000 / 100_000_000);
        assertThat(sc.requests).isEqualTo(2);
        assertThat(cc.responses).isEqualTo(2);
        assertThat(sc.errorTotal() + cc.errorTotal()).isZero();
    }

    @Test
    void aMalformedRequestGetsItsStatusAndAClosedConnection() {
        HttpCounters sc = new HttpCounters();
        server.addApplication(new App("server", m -> HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT, sc, site())));
        StringBuilder reply = new StringBuilder();
        boolean[] closed = {false};
        client.addApplication(new App("client", m -> elvis.protocol.tcp.Tcp.of(m).connect(serverIp, 80, null, new elvis.protocol.tcp.ConnectionHandler() {
            @Override public void connected(elvis.protocol.tcp.TcpConnection c) {
                // a good request pipelined before a bad one: both answered, in order, then the close
                c.send(Message.ofUtf8("GET / HTTP/1.1\r\nHost: s\r\n\r\nGET / HTTP/1.1\r\nHost: s\r\nBad Header\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
            }
            @Override public void data(elvis.protocol.tcp.TcpConnection c, Message d) { reply.append(new String(d.toByteArray(), StandardCharsets.ISO_8859_1)); }
            @Override public void peerClosed(elvis.protocol.tcp.TcpConnection c) { closed[0] = true; c.close(); }
        })));
        sim.run();
        assertThat(reply.toString()).startsWith("HTTP/1.1 200 OK\r\n").contains("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(reply.toString().split("HTTP/1.1 ", -1)).hasSize(3);
        assertThat(closed[0]).isTrue();
        assertThat(sc.errors(HttpError.BAD_REQUEST)).isEqualTo(1);
        assertThat(sc.requests).isEqualTo(1);
    }
    @Test
    void responsesGoOutInRequestOrderWhateverOrderHandlersFinish() {
        HttpCounters sc = new HttpCounters(), cc = new HttpCounters();
        // /slow/N answers after N ms: later requests finish first; maxPipelined 2 makes the server
        // stop reading and resume, so backpressure is exercised too
        server.addApplication(new App("server", m -> HttpServer.listen(m, 80, null,
                new HttpServer.Options(HttpLimits.DEFAULT, true, 16, 2, null), sc, (req, x) -> {
                    long delay = Long.parseLong(req.path().substring(6)) * MS;
                    m.sim().schedule(delay, () -> x.respond(HttpResponse.ok("text/plain", Message.ofUtf8(req.path()))));
                })));
        List<String> got = new ArrayList<>();
        client.addApplication(new App("client", m -> {
            HttpClientConnection c = HttpClientConnection.open(m, null, serverIp, 80, HttpClientConnection.Options.DEFAULT.withPipeline(true), cc, null);
            for (int n = 10; n >= 1; n--) {
                c.send(HttpRequest.get("/slow/" + n, "s"), new Outcomes(got) {
                    @Override public void complete(HttpResponse r) { got.add(r.body().toUtf8()); }
                });
            }
        }));
        sim.run();
        List<String> expected = new ArrayList<>();
        for (int n = 10; n >= 1; n--) expected.add("/slow/" + n);
        assertThat(got).isEqualTo(expected);
        assertThat(sc.requests).isEqualTo(10);
        assertThat(sc.errorTotal() + cc.errorTotal()).isZero();
    }

    @Test
    void aRequestInOneByteSegmentsIsServedByBothServers() {
        HttpCounters events = new HttpCounters(), blocking = new HttpCounters();
        server.addApplication(new App("server", m -> {
            HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT, events, site());
            Process.spawn(m, null, self -> {
                StreamSocket listener = self.streamSocket();
                listener.bind(8080);
                listener.listen(4);
                StreamSocket conn = listener.accept();
                BlockingHttpServer.serve(self, conn, HttpServer.Options.DEFAULT, blocking, site());
            });
        }));
        byte[] request = "POST /form HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder[] replies = {new StringBuilder(), new StringBuilder()};
        int[] segments = {0, 0};
        client.addApplication(new App("client", m -> {
            for (int k = 0; k < 2; k++) {
                int which = k;
                elvis.protocol.tcp.Tcp.of(m).connect(serverIp, k == 0 ? 80 : 8080, null, new elvis.protocol.tcp.ConnectionHandler() {
                    @Override public void connected(elvis.protocol.tcp.TcpConnection c) {
                        c.setNagle(false);
                        for (int i = 0; i < request.length; i++) {
                            int at = i;
                            m.sim().schedule(i * MS / 10, () -> c.send(Message.wrap(request, at, 1)));
                        }
                    }
                    @Override public void data(elvis.protocol.tcp.TcpConnection c, Message d) { replies[which].append(d.toUtf8()); }
                    @Override public void peerClosed(elvis.protocol.tcp.TcpConnection c) { c.close(); }
                    @Override public void closed(elvis.protocol.tcp.TcpConnection c, elvis.protocol.tcp.CloseReason r) {
                        segments[which] = (int) c.info().segmentsSent();
                    }
                });
            }
        }));
        sim.run();
        sim.shutdown();
        for (int k = 0; k < 2; k++) {
            assertThat(segments[k]).as("one data segment per byte").isGreaterThanOrEqualTo(request.length);
            assertThat(replies[k].toString()).as("server %d", k)
                    .startsWith("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n")
                    .contains("Connection: close\r\n").endsWith(PAGE.toUtf8());
        }
        assertThat(events.requests).isEqualTo(2);
        assertThat(blocking.requests).isEqualTo(2);
        assertThat(events.errorTotal() + blocking.errorTotal()).isZero();
    }

    @Test
    void http10KeepAliveIsAnsweredInKind() {
        server.addApplication(new App("server", m -> HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT, new HttpCounters(), site())));
        StringBuilder reply = new StringBuilder();
        boolean[] serverClosed = {false};
        client.addApplication(new App("client", m -> elvis.protocol.tcp.Tcp.of(m).connect(serverIp, 80, null, new elvis.protocol.tcp.ConnectionHandler() {
            @Override public void connected(elvis.protocol.tcp.TcpConnection c) {
                c.send(Message.ofUtf8("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /none HTTP/1.0\r\n\r\n"));
            }
            @Override public void data(elvis.protocol.tcp.TcpConnection c, Message d) { reply.append(d.toUtf8()); }
            @Override public void peerClosed(elvis.protocol.tcp.TcpConnection c) { serverClosed[0] = true; c.close(); }
        })));
        sim.run();
        assertThat(reply.toString()).startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + PAGE.length() + "\r\nConnection: keep-alive\r\n\r\n")
                .endsWith("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(serverClosed[0]).isTrue();
    }

    @Test
    void aSilentServerTimesOutAndNoServerFailsToConnect() {
        // port 80 accepts and never answers; port 81 has no listener (RST)
        server.addApplication(new App("server", m -> HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT, new HttpCounters(), (req, x) -> { })));
        HttpCounters cc = new HttpCounters();
        List<String> got = new ArrayList<>();
        long[] failedAt = {0};
        client.addApplication(new App("client", m -> {
            HttpClientConnection c = HttpClientConnection.open(m, null, serverIp, 80,
                    HttpClientConnection.Options.DEFAULT.withPipeline(true).withTimeout(500 * MS), cc, null);
            c.send(HttpRequest.get("/", "s"), new Outcomes(got) {
                @Override public void failed(HttpError e) {
                    super.failed(e);
                    failedAt[0] = m.sim().now();
                }
            });
            c.send(HttpRequest.get("/", "s"), new Outcomes(got));
            HttpClientConnection refused = HttpClientConnection.open(m, null, serverIp, 81, HttpClientConnection.Options.DEFAULT, cc, null);
            refused.send(HttpRequest.get("/", "s"), new Outcomes(got));
        }));
        sim.run();
        assertThat(got).containsExactly("failed connect_failed", "failed timeout", "failed truncated");
        assertThat(failedAt[0]).isEqualTo(500 * MS);
        assertThat(cc.errors(HttpError.TIMEOUT)).isEqualTo(1);
        assertThat(cc.errors(HttpError.CONNECT_FAILED)).isEqualTo(1);
    }
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aBlockingClientWhoseServerWentAwayGetsTruncatedNotAHang() {
        // answers one request as if keeping the connection, then closes it
        server.addApplication(new App("server", m -> elvis.protocol.tcp.Tcp.of(m).listen(80, 4, null, c -> new elvis.protocol.tcp.ConnectionHandler() {
            @Override public void data(elvis.protocol.tcp.TcpConnection conn, Message d) {
                conn.send(Message.ofUtf8("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                conn.close();
            }
        })));
        List<String> got = new ArrayList<>();
        HttpCounters cc = new HttpCounters();
        client.addApplication(new App("client", m -> Process.spawn(m, null, self -> {
            StreamSocket s = self.streamSocket();
            s.connect(serverIp, 80);
            BlockingHttpClient http = new BlockingHttpClient(s, HttpLimits.DEFAULT, cc);
            got.add(http.fetch(HttpRequest.get("/", "s")).body().toUtf8());
            self.sleep(100 * MS);
            try {
                http.fetch(HttpRequest.get("/", "s"));
                got.add("answered?");
            } catch (HttpException e) {
                got.add(e.kind().key());
            }
            got.add("reusable " + http.reusable());
            s.close();
        })));
        sim.run();
        sim.shutdown();
        assertThat(got).containsExactly("ok", "truncated", "reusable false");
        assertThat(cc.errors(HttpError.TRUNCATED)).isEqualTo(1);
    }
    @Test
    void keptAliveExchangesDoNotWaitForDelayedAcks() {
        // A 2,000-byte page is one full segment and a partial one: with Nagle on either end, the
        // partial one would wait for the peer's delayed ACK on every exchange.
        HttpResponse page = HttpResponse.ok("text/html", Message.zeros(2000));
        HttpHandler handler = (req, x) -> x.respond(page);
        server.addApplication(new App("server", m -> {
            HttpServer.listen(m, 80, null, HttpServer.Options.DEFAULT, new HttpCounters(), handler);
            Process.spawn(m, null, self -> {
                StreamSocket listener = self.streamSocket();
                listener.bind(8080);
                listener.listen(4);
                StreamSocket conn = listener.accept();
                BlockingHttpServer.serve(self, conn, HttpServer.Options.DEFAULT, new HttpCounters(), handler);
            });
        }));
        long[] took = new long[2];
        client.addApplication(new App("client", m -> {
            HttpClientConnection c = HttpClientConnection.open(m, null, serverIp, 80, HttpClientConnection.Options.DEFAULT, new HttpCounters(), null);
            long start = m.sim().now();
            HttpClientConnection.ResponseHandler[] next = new HttpClientConnection.ResponseHandler[1];
            int[] left = {20};
            next[0] = new Outcomes(new ArrayList<>()) {
                @Override public void complete(HttpResponse r) {
                    if (--left[0] > 0) c.send(HttpRequest.get("/", "s"), next[0]);
                    else { took[0] = m.sim().now() - start; c.close(); }
                }
            };
            c.send(HttpRequest.get("/", "s"), next[0]);
            Process.spawn(m, null, self -> {
                StreamSocket s = self.streamSocket();
                s.connect(serverIp, 8080);
                BlockingHttpClient http = new BlockingHttpClient(s, HttpLimits.DEFAULT, new HttpCounters());
                long t0 = self.now();
                for (int i = 0; i < 20; i++) http.fetch(HttpRequest.get("/", "s"));
                took[1] = self.now() - t0;
                s.close();
            });
        }));
        sim.run();
        sim.shutdown();
        // 20 round trips of 2 ms plus a few of transmission at 100 Mbit/s: far below one delayed ACK each
        assertThat(took[0]).isBetween(40 * MS, 60 * MS);
        assertThat(took[1]).isBetween(40 * MS, 60 * MS);
    }
}
