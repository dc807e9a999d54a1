package elvis.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import elvis.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpParserTest {
    private static final String GET = "GET /index.html?x=1 HTTP/1.1\r\nHost: server\r\nUser-Agent: elvis\r\n\r\n";

    @Test
    void parsesASimpleGet() {
        ParserLog log = ParserLog.requests().feed(GET);
        assertThat(log.events).containsExactly("request GET /index.html?x=1 1.1 Host: server|User-Agent: elvis| keep", "end ");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16})
    void anySegmentationGivesTheSameEvents(int size) {
        String text = GET
                + "POST /form HTTP/1.1\r\nHost: s\r\nContent-Length: 11\r\n\r\nhello world"
                + "PUT /up HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
                + "GET /last HTTP/1.0\r\n\r\n";
        List<String> whole = ParserLog.requests().feed(text).events;
        assertThat(ParserLog.requests().feedBy(text, size).events).isEqualTo(whole);
        assertThat(whole).containsExactly(
                "request GET /index.html?x=1 1.1 Host: server|User-Agent: elvis| keep", "end ",
                "request POST /form 1.1 Host: s|Content-Length: 11| keep", "end hello world",
                "request PUT /up 1.1 Host: s|Transfer-Encoding: chunked| keep", "end hello world",
                "request GET /last 1.0  close", "end ");
    }

    @Test
    void bodiesAreSlicesOfTheInputNotCopies() {
        byte[] wire = "POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 4\r\n\r\nabcd".getBytes(StandardCharsets.ISO_8859_1);
        Message[] got = new Message[1];
        HttpParser p = HttpParser.forRequests(HttpLimits.DEFAULT, new HttpParser.Listener() {
            @Override public void body(Message part) { got[0] = part; }
            @Override public void end() { }
            @Override public void error(HttpError e) { throw new AssertionError(e); }
        });
        Message in = Message.wrap(wire);
        p.feed(in);
        assertThat(got[0].toUtf8()).isEqualTo("abcd");
        assertThat(got[0].sliceCount()).isEqualTo(1);
        // A synthetic body stays synthetic: no bytes behind it.
        Message synthetic = Message.wrap("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))
                .concat(Message.zeros(1000));
        p.feed(synthetic);
        got[0].forEachSlice((a, off, len) -> assertThat(a).isNull());
        assertThat(got[0].length()).isEqualTo(1000);
    }

    @Test
    void keepAliveFollowsTheVersionAndConnectionField() {
        assertThat(ParserLog.requests().feed("GET / HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n").events.get(0)).endsWith(" close");
        assertThat(ParserLog.requests().feed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").events.get(0)).endsWith(" keep");
        assertThat(ParserLog.requests().feed("GET / HTTP/1.0\r\n\r\n").events.get(0)).endsWith(" close");
        assertThat(ParserLog.requests().feed("GET / HTTP/1.1\r\nHost: s\r\nConnection: upgrade, close\r\n\r\n").events.get(0)).endsWith(" close");
    }

    @Test
    void leadingEmptyLinesAndBareLineFeedsAreAccepted() {
        assertThat(ParserLog.requests().feed("\r\n\r\nGET / HTTP/1.1\nHost: s\n\n").events)
                .containsExactly("request GET / 1.1 Host: s| keep", "end ");
    }

    @Test
    void malformedRequestsAreBadRequests() {
        for (String bad : List.of(
                "GET  / HTTP/1.1\r\nHost: s\r\n\r\n",                 // two spaces
                "GET / HTTP/1.1 \r\nHost: s\r\n\r\n",
                "GET /\r\nHost: s\r\n\r\n",                            // HTTP/0.9 style
                "G(T / HTTP/1.1\r\nHost: s\r\n\r\n",                   // not a token
                "GET / HTTP/1.1\r\n\r\n",                             // no Host in 1.1
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",        // two Hosts
                "GET / HTTP/1.1\r\nHost : s\r\n\r\n",                  // space before the colon
                "GET / HTTP/1.1\r\nHost: s\r\n folded\r\n\r\n",        // obs-fold
                "GET / HTTP/1.1\r\nHost: s\rX: y\r\n\r\n",             // bare CR
                "GET / HTTP/1.1\r\nHost: s\u0000\r\n\r\n",             // NUL
                "GET / HTTP/x.1\r\nHost: s\r\n\r\n",
                "GET index.html HTTP/1.1\r\nHost: s\r\n\r\n",        // no form of request target
                "GET * HTTP/1.1\r\nHost: s\r\n\r\n",                 // * is for OPTIONS
                "GET /caf\u00e9 HTTP/1.1\r\nHost: s\r\n\r\n",          // raw byte >= 0x80 in the target
                "POST / HTTP/1.1\r\nHost: s\r\nContent-Length: -1\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 1, 2\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
                "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")) {
            assertThat(ParserLog.requests().feed(bad).events).as(bad).containsExactly("error bad_request");
        }
        for (String badChunks : List.of("z\r\n", "2\r\nabc\r\n", "\r\n", "2 x\r\nab\r\n0\r\n\r\n".replace(" x", "x"), "12345678901234\r\n")) {
            String request = "POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n" + badChunks;
            assertThat(ParserLog.requests().feed(request).events).as(request)
                    .containsExactly("request POST / 1.1 Host: s|Transfer-Encoding: chunked| keep", "error " + (badChunks.length() > 15 ? "content_too_large" : "bad_request"));
        }
    }

    @Test
    void everyFormOfRequestTarget() {
        assertThat(ParserLog.requests().feed("GET http://s/a?b HTTP/1.1\r\nHost: s\r\n\r\n"
                + "OPTIONS * HTTP/1.1\r\nHost: s\r\n\r\nCONNECT s:443 HTTP/1.1\r\nHost: s:443\r\n\r\n").events)
                .containsExactly("request GET http://s/a?b 1.1 Host: s| keep", "end ", "request OPTIONS * 1.1 Host: s| keep", "end ",
                        "request CONNECT s:443 1.1 Host: s:443| keep", "end ");
    }

    @Test
    void sameContentLengthRepeatedIsAccepted() {
        assertThat(ParserLog.requests().feed("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nab").events)
                .last().isEqualTo("end ab");
    }

    @Test
    void limitsGiveTheirStatus() {
        HttpLimits small = new HttpLimits(32, 64, 3, 10);
        assertThat(new ParserLog(true, small).feedBy("GET /" + "a".repeat(40) + " HTTP/1.1\r\n", 1).events).containsExactly("error uri_too_long");
        assertThat(new ParserLog(true, small).feed("GET / HTTP/1.1\r\nHost: s\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n").events).containsExactly("error headers_too_large");
        assertThat(new ParserLog(true, small).feed("GET / HTTP/1.1\r\nHost: s\r\nA: " + "x".repeat(60) + "\r\n\r\n").events).containsExactly("error headers_too_large");
        assertThat(new ParserLog(true, small).feed("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 11\r\n\r\n").events).containsExactly("error content_too_large");
        assertThat(new ParserLog(true, small).feed("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n").events)
                .containsExactly("request POST / 1.1 Host: s|Transfer-Encoding: chunked| keep", "error content_too_large");
        // exactly at the limits is fine
        String line = "GET /" + "a".repeat(32 - 14) + " HTTP/1.1";
        assertThat(line).hasSize(32);
        assertThat(new ParserLog(true, small).feed(line + "\r\nHost: s\r\nA: 1\r\nB: 2\r\n\r\n").events).last().isEqualTo("end ");
    }

    @Test
    void unknownCodingsAndVersions() {
        assertThat(ParserLog.requests().feed("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: gzip\r\n\r\n").events).containsExactly("error unsupported_coding");
        assertThat(ParserLog.requests().feed("POST / HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").events).containsExactly("error unsupported_coding");
        assertThat(ParserLog.requests().feed("GET / HTTP/2.0\r\nHost: s\r\n\r\n").events).containsExactly("error version_not_supported");
        assertThat(ParserLog.requests().feed("GET / HTTP/1.7\r\nHost: s\r\n\r\n").events.get(0)).contains(" 1.1 ");
    }

    @Test
    void nothingIsParsedAfterAnError() {
        assertThat(ParserLog.requests().feed("BAD\r\n\r\n" + GET).events).containsExactly("error bad_request");
    }

    @Test
    void aRequestCutShortIsTruncated() {
        assertThat(ParserLog.requests().feed("GET / HTTP/1.1\r\nHo").finish().events).containsExactly("error truncated");
        assertThat(ParserLog.requests().feed("POST / HTTP/1.1\r\nHost: s\r\nContent-Length: 5\r\n\r\nab").finish().events)
                .containsExactly("request POST / 1.1 Host: s|Content-Length: 5| keep", "error truncated");
        assertThat(ParserLog.requests().feed(GET).finish().events).hasSize(2);   // a close between requests is clean
    }

    @Test
    void responseFraming() {
        assertThat(ParserLog.responses().feedBy("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 1).events)
                .containsExactly("response 200 OK 1.1 Content-Length: 5|", "end hello", "response 404 Not Found 1.1 Content-Length: 0|", "end ");
        // chunked with a trailer
        assertThat(ParserLog.responses().feedBy("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: 1\r\n\r\n", 2).events)
                .containsExactly("response 200 OK 1.1 Transfer-Encoding: chunked|", "end abc0123456789");
        // until close
        assertThat(ParserLog.responses().feed("HTTP/1.0 200 OK\r\n\r\nsome bytes").finish().events)
                .containsExactly("response 200 OK 1.0 ", "end some bytes");
        // interim responses are skipped; 204 and 304 have no body
        assertThat(ParserLog.responses().feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n"
                + "HTTP/1.1 304 Not Modified\r\n\r\n").events)
                .containsExactly("response 204 No Content 1.1 Content-Length: 7|", "end ", "response 304 Not Modified 1.1 ", "end ");
        // a reason phrase may be empty
        assertThat(ParserLog.responses().feed("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\nHTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").events)
                .containsExactly("response 200  1.1 Content-Length: 0|", "end ", "response 200  1.1 Content-Length: 0|", "end ");
    }

    @Test
    void theAnswerToHeadHasNoBody() {
        ParserLog log = ParserLog.responses();
        log.headRequest = true;
        log.feed("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n");
        assertThat(log.events).containsExactly("response 200 OK 1.1 Content-Length: 500|", "end ");
    }

    @Test
    void badResponses() {
        for (String bad : List.of("HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 099 x\r\n\r\n", "HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n")) {
            assertThat(ParserLog.responses().feed(bad).events).as(bad).containsExactly("error bad_response");
        }
        assertThat(ParserLog.responses().feed("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc").finish().events)
                .containsExactly("response 200 OK 1.1 Content-Length: 9|", "error truncated");
    }

    @Test
    void bothFramingFieldsInAResponseMeanChunkedThenClose() {
        ParserLog log = ParserLog.responses().feed("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n");
        assertThat(log.events).last().isEqualTo("end x");
        assertThat(log.parser.closeAfter()).isTrue();
    }
}
