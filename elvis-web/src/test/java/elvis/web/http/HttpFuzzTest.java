package elvis.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import elvis.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated request and response streams, fed whole and in random segments: the parser reports
 * heads, bodies, ends and at most one error, never throws, never loops (the timeout and a count of
 * listener calls bounded by the input's length), and what it reports does not depend on how the
 * stream was cut. Unmutated streams parse back to what was generated. The CI slice is 2·10^4
 * streams; {@code -Dfuzz.http=1000000} runs the 10^6 (half requests, half responses).
 */
class HttpFuzzTest {
    static final int INPUTS = Integer.getInteger("fuzz.http", 20_000);
    static final HttpLimits LIMITS = new HttpLimits(200, 400, 12, 5000);   // small, so inputs reach them

    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"};
    static final String[] TOKENS = {"\r\n", "\n", "\r", ":", " ", "\t", "\r\n\r\n", "0\r\n\r\n", "chunked", "Transfer-Encoding: chunked\r\n",
            "Content-Length: ", "Content-Length: 99999999999999999\r\n", "Host: x\r\n", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "ffffffffffffffff\r\n",
            ";ext=\"v\"", "Connection: close\r\n", "\u0000", "\u00ff", "GET / HTTP/1.1\r\nHost: h\r\n\r\n"};

    @Test
    @Timeout(1800)
    void mutatedStreamsAreCountedErrorsNeverExceptions() {
        SplittableRandom rnd = new SplittableRandom(17);
        int[] outcomes = new int[2];             // parsed without error, ended in an error
        long[] errorsByKind = new long[HttpError.values().length];
        for (int i = 0; i < INPUTS; i++) {
            boolean requests = (i & 1) == 0;
            List<String> expected = new ArrayList<>();
            byte[] valid = requests ? requests(rnd, expected) : responses(rnd, expected);
            boolean mutated = rnd.nextInt(8) != 0;
            byte[] input = mutated ? mutate(valid, rnd) : valid;
            boolean head = !requests && rnd.nextInt(4) == 0;

            Run whole = run(requests, head, input, null);
            Run cut = run(requests, head, input, rnd);
            assertThat(cut.log.events).as("segmentation changes nothing: %s", show(input)).isEqualTo(whole.log.events);
            long errors = whole.log.events.stream().filter(e -> e.startsWith("error ")).count();
            assertThat(errors).isLessThanOrEqualTo(1);
            if (errors == 1) assertThat(whole.log.events.getLast()).startsWith("error ");
            assertThat(whole.calls).as("listener calls bounded by the input").isLessThanOrEqualTo(input.length + 2);
            if (!mutated && !head) assertThat(whole.log.events).as(show(input)).isEqualTo(expected);
            if (errors == 1) {
                outcomes[1]++;
                errorsByKind[HttpError.valueOf(whole.log.events.getLast().substring(6).toUpperCase()).ordinal()]++;
            } else {
                outcomes[0]++;
            }
        }
        assertThat(outcomes[0]).as("some streams parse").isGreaterThan(INPUTS / 10);
        assertThat(outcomes[1]).as("some streams are errors").isGreaterThan(INPUTS / 10);
        for (HttpError kind : List.of(HttpError.BAD_REQUEST, HttpError.BAD_RESPONSE, HttpError.TRUNCATED, HttpError.HEADERS_TOO_LARGE))
            assertThat(errorsByKind[kind.ordinal()]).as(kind.key()).isPositive();
    }

    record Run(ParserLog log, int calls) { }

    /** Parses input whole (rnd null) or cut at random points, then ends the stream. */
    static Run run(boolean requests, boolean answersHead, byte[] input, SplittableRandom rnd) {
        ParserLog log = new ParserLog(requests, LIMITS);
        log.headRequest = answersHead;
        if (rnd == null) {
            log.parser.feed(Message.wrap(input));
        } else {
            int at = 0;
            while (at < input.length) {
                int n = rnd.nextInt(3) == 0 ? 1 : 1 + rnd.nextInt(Math.min(64, input.length - at));
                n = Math.min(n, input.length - at);
                log.parser.feed(Message.wrap(input, at, n));
                at += n;
            }
        }
        log.parser.finish();
        return new Run(log, log.bodyCalls + log.events.size());
    }

    // ---- generation ----

    static byte[] requests(SplittableRandom rnd, List<String> expected) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            String method = METHODS[rnd.nextInt(METHODS.length)];
            String target = "/" + word(rnd, 0, 20) + (rnd.nextBoolean() ? "?q=" + word(rnd, 1, 5) : "");
            int minor = rnd.nextInt(5) == 0 ? 0 : 1;
            HttpHeaders h = new HttpHeaders();
            if (minor == 1 || rnd.nextBoolean()) h.add("Host", word(rnd, 1, 10));
            for (int k = rnd.nextInt(4); k > 0; k--) h.add("X-" + word(rnd, 1, 6), value(rnd));
            String body = rnd.nextInt(3) == 0 ? value(rnd) + "\u00e9\u00ff" : "";
            boolean chunked = minor == 1 && !body.isEmpty() && rnd.nextBoolean();
            if (chunked) h.add("Transfer-Encoding", "chunked");
            else if (!body.isEmpty() || rnd.nextBoolean()) h.add("Content-Length", Integer.toString(body.length()));
            boolean keep = minor == 1;
            if (i < n - 1 && minor == 0) { h.add("Connection", "keep-alive"); keep = true; }
            b.append(method).append(' ').append(target).append(" HTTP/1.").append(minor).append("\r\n").append(h).append("\r\n");
            b.append(chunked ? chunk(body, rnd) : body);
            expected.add("request " + method + " " + target + " 1." + minor + " " + h.toString().replace("\r\n", "|") + (keep ? " keep" : " close"));
            expected.add("end " + body);
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] responses(SplittableRandom rnd, List<String> expected) {
        StringBuilder b = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int status = new int[] {200, 200, 404, 301, 500, 204, 100}[rnd.nextInt(7)];
            if (status == 100) {
                b.append("HTTP/1.1 100 Continue\r\n\r\n");
                status = 200;
            }
            HttpHeaders h = new HttpHeaders();
            for (int k = rnd.nextInt(4); k > 0; k--) h.add("X-" + word(rnd, 1, 6), value(rnd));
            String body = status == 204 ? "" : value(rnd) + "\u0080\u00ff" + word(rnd, 0, 200);
            boolean last = i == n - 1;
            int framing = rnd.nextInt(last ? 3 : 2);               // length, chunked, or (last only) the close
            if (framing == 0 && status != 204) h.add("Content-Length", Integer.toString(body.length()));
            if (framing == 1 && status != 204) h.add("Transfer-Encoding", "chunked");
            String reason = HttpResponse.reasonPhrase(status);
            b.append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n").append(h).append("\r\n");
            b.append(status == 204 ? "" : framing == 1 ? chunk(body, rnd) : body);
            expected.add("response " + status + " " + reason + " 1.1 " + h.toString().replace("\r\n", "|"));
            expected.add("end " + body);
            if (framing == 2 && status != 204) break;
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String chunk(String body, SplittableRandom rnd) {
        StringBuilder b = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int n = 1 + rnd.nextInt(body.length() - at);
            b.append(Integer.toHexString(n)).append(rnd.nextInt(4) == 0 ? ";a=b" : "").append("\r\n").append(body, at, at + n).append("\r\n");
            at += n;
        }
        b.append("0\r\n");
        if (rnd.nextBoolean()) b.append("Trailer-Field: ").append(word(rnd, 0, 8)).append("\r\n");
        return b.append("\r\n").toString();
    }

    static String word(SplittableRandom rnd, int min, int max) {
        StringBuilder b = new StringBuilder();
        for (int n = min + rnd.nextInt(max - min + 1); n > 0; n--) b.append((char) ('a' + rnd.nextInt(26)));
        return b.toString();
    }

    static String value(SplittableRandom rnd) { return word(rnd, 1, 4) + " " + word(rnd, 1, 12); }

    // ---- mutation ----

    static byte[] mutate(byte[] valid, SplittableRandom rnd) {
        byte[] b = valid;
        for (int m = 1 + rnd.nextInt(4); m > 0; m--) {
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            b = switch (rnd.nextInt(8)) {
                case 0 -> { if (b.length > 0) b[at] = (byte) rnd.nextInt(256); yield b; }          // any byte, 0x80 and up included
                case 1 -> { if (b.length > 0) b[at] ^= (byte) (1 << rnd.nextInt(8)); yield b; }
                case 2 -> splice(b, at, rnd.nextInt(Math.min(8, b.length - at) + 1), TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
                case 3 -> splice(b, at, 0, TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
                case 4 -> splice(b, at, rnd.nextInt(b.length - at + 1), new byte[0]);              // delete a run
                case 5 -> Arrays.copyOf(b, rnd.nextInt(b.length + 1));                            // cut short
                case 6 -> {                                                                         // a long run: limits
                    byte[] run = new byte[rnd.nextInt(600)];
                    Arrays.fill(run, rnd.nextBoolean() ? (byte) 'a' : (byte) rnd.nextInt(256));
                    yield splice(b, at, 0, run);
                }
                default -> {                                                                        // repeat a piece
                    int len = rnd.nextInt(Math.min(40, b.length - at) + 1);
                    yield splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
            };
        }
        return b;
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    static String show(byte[] input) {
        String s = new String(input, StandardCharsets.ISO_8859_1);
        return (s.length() > 400 ? s.substring(0, 400) + "..." : s).replace("\r", "\\r").replace("\n", "\\n\n");
    }
}
