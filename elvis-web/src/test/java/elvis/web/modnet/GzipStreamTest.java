package elvis.web.modnet;

import elvis.message.Message;
import elvis.web.http.HttpError;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpParser;
import elvis.web.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipStreamTest {
    record Got(HttpResponse head, byte[] body) { }

    /** Parses {@code wire} as elvis.web.http's clients do; {@code heads} says which requests were HEAD. */
    static List<Got> parse(Message wire, boolean closed, boolean... heads) {
        List<Got> got = new ArrayList<>();
        int[] n = {0};
        HttpResponse[] head = {null};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpParser p = HttpParser.forResponses(HttpLimits.DEFAULT, new HttpParser.Listener() {
            @Override public boolean answersHead() { return n[0] < heads.length && heads[n[0]]; }
            @Override public void responseHead(HttpResponse h) { head[0] = h; body.reset(); }
            @Override public void body(Message part) { body.writeBytes(part.toByteArray()); }
            @Override public void end() { got.add(new Got(head[0], body.toByteArray())); n[0]++; }
            @Override public void error(HttpError e) { throw new AssertionError("client parser: " + e); }
        });
        p.feed(wire);
        if (closed) p.finish();
        return got;
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Message ascii(String s) { return Message.wrap(s.getBytes(StandardCharsets.ISO_8859_1)); }

    static final String GZ_GET = "GET /r HTTP/1.1\r\nHost: s\r\nAccept-Encoding: deflate, gzip\r\n\r\n";

    static Message response(byte[] body, String type) {
        return ascii("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n\r\n").concat(Message.wrap(body));
    }

    /** Everything the stream has, {@code budget} body bytes per call, the level cycling through {@code levels}. */
    static Message drain(GzipStream g, int budget, int... levels) {
        Message all = Message.EMPTY;
        int i = 0;
        while (!g.idle()) all = all.concat(g.produce(budget, levels[i++ % levels.length]));
        return all;
    }

    @Test
    void aReportIsGzippedChunkedAndDecompressesExactlyWhateverTheLevelChanges() {
        byte[] report = UsageReport.of(3, 200_000).toByteArray();
        GzipStream g = new GzipStream(HttpLimits.DEFAULT);
        g.request(ascii(GZ_GET));
        Message wire = response(report, "text/html; charset=utf-8");
        // The server's bytes arrive in odd pieces.
        for (int at = 0; at < wire.length(); at += 7_777) g.response(wire.slice(at, Math.min(7_777, wire.length() - at)));
        Message out = drain(g, 16_384, 1, 9, 5, 9, 2, 7);
        List<Got> got = parse(out, false);
        assertThat(got).hasSize(1);
        HttpResponse h = got.get(0).head();
        assertThat(h.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(h.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(h.headers().has("Content-Length")).isFalse();
        assertThat(h.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(h.headers().get("Vary")).isEqualTo("Accept-Encoding");
        assertThat(gunzip(got.get(0).body())).isEqualTo(report);
        assertThat(g.counts().bodyBytesIn).isEqualTo(report.length);
        assertThat(g.counts().bytesByLevel[1] + g.counts().bytesByLevel[9] + g.counts().bytesByLevel[5] + g.counts().bytesByLevel[2] + g.counts().bytesByLevel[7]).isEqualTo(report.length);
        assertThat(g.counts().bytesByLevel[9]).isPositive();
        assertThat(g.counts().gzipBytesOut).isEqualTo(got.get(0).body().length);
        g.close();
    }

    @Test
    void higherLevelsCompressTheReportBetter() {
        byte[] report = UsageReport.of(3, 400_000).toByteArray();
        long[] size = new long[10];
        for (int level : new int[]{1, 6, 9}) {
            GzipStream g = new GzipStream(HttpLimits.DEFAULT);
            g.request(ascii(GZ_GET));
            g.response(response(report, "text/html"));
            drain(g, 32_768, level);
            size[level] = g.counts().gzipBytesOut;
            assertThat(g.counts().bytesByLevel[level]).isEqualTo(report.length);
            g.close();
        }
        assertThat(size[9]).isLessThan(size[6]);
        assertThat(size[6]).isLessThan(size[1]);
    }

    @Test
    void pipelinedResponsesKeepTheirOrderAndOnlyCompressibleAcceptedOnesAreEncoded() {
        byte[] page = "<p>hello hello hello hello</p>".repeat(300).getBytes(StandardCharsets.US_ASCII);
        byte[] image = new byte[5000];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (i * 131);
        GzipStream g = new GzipStream(HttpLimits.DEFAULT);
        g.request(ascii(GZ_GET + GZ_GET + "HEAD /r HTTP/1.1\r\nHost: s\r\nAccept-Encoding: gzip\r\n\r\n"
                + "GET /plain HTTP/1.1\r\nHost: s\r\n\r\n" + GZ_GET + GZ_GET));
        g.response(response(page, "text/html"));
        g.response(response(image, "image/jpeg"));
        g.response(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 9000\r\n\r\n"));   // HEAD: no body
        g.response(response(page, "text/html"));                                                             // not accepted
        g.response(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!"));
        g.response(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n3\r\nfgh\r\n0\r\n\r\n"));
        List<Got> got = parse(drain(g, 1000, 6), false, false, false, true, false, false, false);
        assertThat(got).hasSize(6);
        assertThat(gunzip(got.get(0).body())).isEqualTo(page);
        assertThat(got.get(1).head().headers().get("Content-Length")).isEqualTo("5000");
        assertThat(got.get(1).body()).isEqualTo(image);
        assertThat(got.get(2).head().headers().get("Content-Length")).isEqualTo("9000");
        assertThat(got.get(2).body()).isEmpty();
        assertThat(got.get(3).head().headers().has("Content-Encoding")).isFalse();
        assertThat(got.get(3).body()).isEqualTo(page);
        assertThat(got.get(4).head().status()).isEqualTo(404);
        assertThat(new String(got.get(4).body(), StandardCharsets.US_ASCII)).isEqualTo("no!");
        assertThat(got.get(5).head().headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(new String(gunzip(got.get(5).body()), StandardCharsets.US_ASCII)).isEqualTo("abcdefgh");
        assertThat(g.counts().responsesCompressed).isEqualTo(2);
        assertThat(g.counts().responsesPassed).isEqualTo(4);
        g.close();
    }

    @Test
    void http10GetsABodyDelimitedByTheCloseAndNothingAfterIt() {
        byte[] page = "<td>usage</td>".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        GzipStream g = new GzipStream(HttpLimits.DEFAULT);
        g.request(ascii("GET /r HTTP/1.0\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\nGET /r HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n"));
        g.response(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: keep-alive\r\nContent-Length: " + page.length + "\r\n\r\n").concat(Message.wrap(page)));
        assertThat(g.closeAfter()).isFalse();
        Message out = drain(g, 4096, 3);
        assertThat(g.closeAfter()).isTrue();
        g.response(response(page, "text/html"));       // dropped: the client's connection ends with the body
        assertThat(g.idle()).isTrue();
        List<Got> got = parse(out, true);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).head().headers().get("Connection")).isEqualTo("close");
        assertThat(got.get(0).head().headers().has("Transfer-Encoding")).isFalse();
        assertThat(gunzip(got.get(0).body())).isEqualTo(page);
        g.close();
    }

    @Test
    void aServerThatIsNotHttpIsReported() {
        GzipStream g = new GzipStream(HttpLimits.DEFAULT);
        g.request(ascii(GZ_GET));
        g.response(ascii("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThat(g.failed()).isTrue();
        g.close();
    }

    @Test
    void compressibleTypes() {
        assertThat(GzipStream.compressible("text/csv")).isTrue();
        assertThat(GzipStream.compressible("Application/JSON; charset=utf-8")).isTrue();
        assertThat(GzipStream.compressible("image/svg+xml")).isTrue();
        assertThat(GzipStream.compressible("image/png")).isFalse();
        assertThat(GzipStream.compressible(null)).isFalse();
    }
}
