package elvis.web.server;

import elvis.machine.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static elvis.web.server.HttpServerAppTest.MS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated request targets through {@link RequestPath}, and mutated requests sent to a
 * running http_server: no exception, every connection ends, every request is answered or a counted
 * error, and the server still serves afterwards. {@code -Dfuzz.server=1000000} for the full
 * campaign (10^6 targets, 10^4 requests over the network); 10^5 and 10^3 in the normal run.
 */
class ServerFuzzTest {
    static final int TARGETS = Integer.getInteger("fuzz.server", 100_000);
    private static final String[] PIECES = {"/", "/", "/", ".", "..", "%", "%2e", "%2E", "%2f", "%00", "%zz", "%4", "?", "#", "a", "b",
            "index.html", "http://", "HTTP://h", "*", "//", "\u00e9", "\u0100", "%C3%A9", "%ff", ":", "\\", " "};

    static String target(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) b.append(r.nextInt(10) == 0 ? (char) r.nextInt(0x180) : PIECES[r.nextInt(PIECES.length)]);
        return b.toString();
    }

    @Test
    @Timeout(600)
    void targetsGiveAPathWithoutDotSegmentsOrARefusal() {
        Random r = new Random(17);
        int paths = 0, traversals = 0, malformed = 0;
        for (int i = 0; i < TARGETS; i++) {
            String t = target(r);
            RequestPath.Result res = RequestPath.of(t);
            assertThat(res.path() == null).as(t).isNotEqualTo(res.refusal() == null);
            if (res.refusal() == RequestPath.Refusal.TRAVERSAL) traversals++;
            if (res.refusal() == RequestPath.Refusal.MALFORMED) malformed++;
            if (res.path() == null) continue;
            paths++;
            String p = res.path();
            assertThat(p).as(t).startsWith("/").doesNotContain("//").doesNotContain("\u0000");
            for (String segment : p.split("/")) assertThat(segment).as(t).isNotIn(".", "..");
        }
        assertThat(paths).isPositive();
        assertThat(traversals).isPositive();
        assertThat(malformed).isPositive();
    }

    private static final String[] REQUESTS = {
            "GET /index.html HTTP/1.1\r\nHost: s\r\n\r\n",
            "HEAD /img/photo.jpg HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n",
            "GET /%2e%2e/secret.txt HTTP/1.0\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: s\r\nContent-Length: 4\r\n\r\nbody",
            "GET / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"};

    static String mutate(Random r) {
        StringBuilder b = new StringBuilder(REQUESTS[r.nextInt(REQUESTS.length)]);
        if (r.nextBoolean()) b.append(REQUESTS[r.nextInt(REQUESTS.length)]);      // pipelined
        int edits = r.nextInt(4);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.setCharAt(at, (char) r.nextInt(256));
                case 1 -> b.insert(at, target(r));
                case 2 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(8)));
                default -> b.setLength(at);
            }
        }
        return b.toString();
    }

    @Test
    @Timeout(600)
    void mutatedRequestsAreAnsweredOrCountedAndNeverBreakTheServer() throws Exception {
        int requests = Math.max(100, TARGETS / 100), clients = 10;
        HttpServerAppTest.Lan lan = HttpServerAppTest.lan(clients, 9);
        HttpServerApp server = HttpServerApp.serving(80, true, Documents.rusty(), "corpus rusty");
        lan.server().addApplication(server);
        Random r = new Random(23);
        List<RawClient> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Machine m = lan.clients().get(i % clients);
            RawClient c = new RawClient(HttpServerAppTest.SERVER, 80, mutate(r), i * 200_000L).halfClose();
            m.addApplication(c);
            sent.add(c);
        }
        RawClient after = HttpServerAppTest.client(lan.clients().get(0), HttpServerAppTest.last("GET", "/1.htm"), requests * 200_000L + 100 * MS);
        lan.sim().run();

        assertThat(lan.server().failures()).isEmpty();
        for (RawClient c : sent) assertThat(c.outcome()).as("every connection ends").isNotNull();
        ServerCounters n = server.counters();
        assertThat(n.accepted()).isEqualTo(requests + 1);
        assertThat(n.open()).isZero();
        assertThat(n.errors()).isPositive();
        assertThat(n.responses(400)).isPositive();
        assertThat(after.responses()).extracting(RawClient.Response::status).containsExactly(200);
    }
}
