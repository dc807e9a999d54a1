package elvis.web.http;

import elvis.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental HTTP/1.x parser for one direction of one connection (RFC 9112). Feed it whatever TCP
 * delivered, in any segmentation (one byte at a time works), with {@link #feed}; it calls its
 * {@link Listener} with each message's head, its body as zero-copy slices of the fed messages, and its
 * end, then parses the next message (pipelining). Call {@link #finish} when the peer closes: that
 * ends a body delimited by the close, or reports a message cut short.
 *
 * <p>Framing: Content-Length, or chunked transfer coding (extensions skipped, trailer fields read and
 * ignored), or, for a response with neither, the connection's close; no body for a HEAD's answer,
 * 1xx, 204 and 304 (RFC 9112 §6.3). Interim 1xx responses are skipped. Errors (malformed, oversized
 * or unsupported input) are reported once through {@link Listener#error}; the parser then ignores
 * all input, because the framing of what follows is unknown: close the connection.
 *
 * <p>Work is bounded per byte: each byte is looked at a constant number of times, the head is
 * parsed once when complete, and a head larger than the {@link HttpLimits} is refused before it is
 * stored. Not thread-safe (nothing in a simulation is).
 */
public final class HttpParser implements Message.SliceVisitor {
    /** What a parser reports, in wire order. Calls come from inside {@link #feed} and {@link #finish}. */
    public interface Listener {
        /** A request's head (its body is empty here; it follows through {@link #body}). Request parsers only. */
        default void requestHead(HttpRequest head) { }

        /** A final response's head (body empty here). Response parsers only. */
        default void responseHead(HttpResponse head) { }

        /**
         * Asked when a response head completes: true when it answers a HEAD request, so that it has no
         * body whatever its Content-Length. Response parsers only.
         */
        default boolean answersHead() { return false; }

        /** Part of the current message's body: a slice of fed data (not copied); parts come in order. */
        default void body(Message part) { }

        /** The current message is complete. */
        void end();

        /** The input is invalid, too large or cut short; nothing more is reported. */
        void error(HttpError error);
    }

    private enum State { HEAD, BODY, BODY_TO_CLOSE, CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF, TRAILER, DONE }

    private static final byte CR = '\r', LF = '\n';
    private static final long MAX_CHUNK = 1L << 52;     // far beyond any body; keeps sums from overflowing

    private final boolean requests;
    private final HttpLimits limits;
    private final Listener listener;
    private State state = State.HEAD;

    // Head: bytes stored until the empty line, then parsed once.
    private byte[] head = new byte[256];
    private int headLen, lineLen, fields;
    private boolean firstLine = true, started;

    private long remaining;          // body or chunk bytes still due
    private long bodySoFar;          // a request's body bytes (limit check)
    private int chunkDigits, extBytes, trailerBytes, trailerLine;
    private boolean closeAfter;      // framing that forbids reuse (TE and CL together, RFC 9112 §6.3)

    // The fed message while feed() runs, the position of the current slice in it, and the body run
    // collected so far (one slice() per run, not per input slice).
    private Message input;
    private int sliceAt, runStart, runLength;

    private HttpParser(boolean requests, HttpLimits limits, Listener listener) {
        this.requests = requests;
        this.limits = limits;
        this.listener = listener;
    }

    /** A parser of requests, as a server reads them. */
    public static HttpParser forRequests(HttpLimits limits, Listener listener) { return new HttpParser(true, limits, listener); }

    /** A parser of responses, as a client reads them. */
    public static HttpParser forResponses(HttpLimits limits, Listener listener) { return new HttpParser(false, limits, listener); }

    /** False once an error was reported or {@link #stop} called: input is ignored from then on. */
    public boolean isOpen() { return state != State.DONE; }

    /** True between messages: no byte of a next message has arrived. */
    public boolean isIdle() { return state == State.HEAD && !started; }

    /**
     * True when the message just parsed leaves the connection unusable: both Transfer-Encoding and
     * Content-Length were present (RFC 9112 §6.3 says to close after it).
     */
    public boolean closeAfter() { return closeAfter; }

    /** Ignores all further input (after a request with {@code Connection: close}, RFC 9112 §9.6). */
    public void stop() { state = State.DONE; }

    /** Parses {@code data}, the next bytes of the stream. */
    public void feed(Message data) {
        if (state == State.DONE || data.isEmpty()) return;
        input = data;
        sliceAt = 0;
        runLength = 0;
        data.forEachSlice(this);
        flushBody();
        input = null;
    }

    /** The peer closed its side: ends a body delimited by the close; a message cut short is {@link HttpError#TRUNCATED}. */
    public void finish() {
        switch (state) {
            case DONE -> { }
            case BODY_TO_CLOSE -> { state = State.DONE; listener.end(); }
            case HEAD -> {
                if (started) fail(HttpError.TRUNCATED);
                else state = State.DONE;
            }
            default -> fail(HttpError.TRUNCATED);
        }
    }

    @Override
    public void slice(byte[] array, int offset, int length) {
        int i = 0;
        while (i < length && state != State.DONE) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int take = (int) Math.min(length - i, remaining);
                    addBody(sliceAt + i, take);
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        if (state == State.BODY) endMessage();
                        else state = State.CHUNK_DATA_CR;
                    }
                }
                case BODY_TO_CLOSE -> {
                    addBody(sliceAt + i, length - i);
                    i = length;
                }
                default -> {
                    // Byte-wise states: run until the state changes to a bulk one.
                    for (; i < length && byteState(); i++) step(array == null ? 0 : array[offset + i]);
                }
            }
        }
        sliceAt += length;
    }

    private boolean byteState() {
        return switch (state) {
            case HEAD, CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA_CR, CHUNK_DATA_LF, TRAILER -> true;
            default -> false;
        };
    }

    private void addBody(int from, int length) {
        if (length == 0) return;
        if (runLength > 0 && runStart + runLength == from) {
            runLength += length;
        } else {
            flushBody();
            runStart = from;
            runLength = length;
        }
    }

    private void flushBody() {
        if (runLength == 0) return;
        Message part = input.slice(runStart, runLength);
        runLength = 0;
        listener.body(part);
    }

    private void step(byte b) {
        switch (state) {
            case HEAD -> headByte(b);
            case CHUNK_SIZE -> chunkSizeByte(b);
            case CHUNK_EXT -> {
                if (b == LF) chunkSizeDone();
                else if (++extBytes > limits.maxHeaderBytes() + 64) fail(framingError());
            }
            case CHUNK_SIZE_LF -> {
                if (b == LF) chunkSizeDone();
                else fail(framingError());
            }
            case CHUNK_DATA_CR -> {
                if (b == CR) state = State.CHUNK_DATA_LF;
                else if (b == LF) startChunk();
                else fail(framingError());
            }
            case CHUNK_DATA_LF -> {
                if (b == LF) startChunk();
                else fail(framingError());
            }
            case TRAILER -> trailerByte(b);
            default -> throw new IllegalStateException(state.name());
        }
    }

    // ---- head ----

    private void headByte(byte b) {
        if (!started) {
            if (b == CR || b == LF) return;          // empty lines before a message (RFC 9112 §2.2)
            started = true;
        }
        if (headLen == head.length) {
            int cap = limits.maxRequestLine() + limits.maxHeaderBytes() + 8;
            head = Arrays.copyOf(head, Math.min(cap, head.length * 2));
        }
        head[headLen++] = b;
        if (b == LF) {
            int content = lineLen - (headLen >= 2 && head[headLen - 2] == CR ? 1 : 0);
            lineLen = 0;
            if (firstLine) {
                firstLine = false;
            } else if (content == 0) {
                parseHead();
                return;
            } else if (++fields > limits.maxHeaderCount()) {
                fail(requests ? HttpError.HEADERS_TOO_LARGE : HttpError.BAD_RESPONSE);
                return;
            }
        } else {
            lineLen++;
        }
        if (firstLine) {
            if (lineLen > limits.maxRequestLine() + 1) fail(requests ? HttpError.URI_TOO_LONG : HttpError.BAD_RESPONSE);
        } else if (headLen - firstLineEnd() > limits.maxHeaderBytes() + 2) {
            fail(requests ? HttpError.HEADERS_TOO_LARGE : HttpError.BAD_RESPONSE);
        }
    }

    private int firstLineEndCache = -1;

    private int firstLineEnd() {
        if (firstLineEndCache < 0) {
            int i = 0;
            while (head[i] != LF) i++;
            firstLineEndCache = i + 1;
        }
        return firstLineEndCache;
    }

    private void resetHead() {
        headLen = 0;
        lineLen = 0;
        fields = 0;
        firstLine = true;
        started = false;
        firstLineEndCache = -1;
    }

    /** The head is complete in head[0, headLen): parse it and set up the body. */
    private void parseHead() {
        int end = lineEnd(0);
        if (end < 0) { fail(syntaxError()); return; }
        HttpHeaders headers = new HttpHeaders(Math.max(1, fields));
        int at = nextLine(end);
        while (at < headLen) {
            int e = lineEnd(at);
            if (e < 0) { fail(syntaxError()); return; }
            if (e == at) break;                                   // the empty line
            if (!field(at, e, headers)) { fail(syntaxError()); return; }
            at = nextLine(e);
        }
        if (requests) requestLine(end, headers);
        else statusLine(end, headers);
    }

    /** End of the line starting at {@code from}, CR excluded; -1 if a bare CR or NUL sits in it. */
    private int lineEnd(int from) {
        int i = from;
        while (head[i] != LF) {
            byte b = head[i];
            if (b == 0 || (b == CR && head[i + 1] != LF)) return -1;
            i++;
        }
        return i > from && head[i - 1] == CR ? i - 1 : i;
    }

    private int nextLine(int lineEnd) { return head[lineEnd] == CR ? lineEnd + 2 : lineEnd + 1; }

    private boolean field(int from, int end, HttpHeaders headers) {
        int colon = from;
        while (colon < end && isTokenChar(head[colon])) colon++;
        if (colon == from || colon == end || head[colon] != ':') return false;   // also rejects obs-fold and "name :"
        int v = colon + 1, ve = end;
        while (v < ve && (head[v] == ' ' || head[v] == '\t')) v++;
        while (ve > v && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) ve--;
        for (int i = v; i < ve; i++) {
            int c = head[i] & 0xFF;
            if (c < 0x20 && c != '\t' || c == 0x7F) return false;
        }
        headers.add(text(from, colon), text(v, ve));
        return true;
    }

    private String text(int from, int end) { return new String(head, from, end - from, StandardCharsets.ISO_8859_1); }

    private static boolean isTokenChar(byte b) {
        int c = b & 0xFF;
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
        return c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** The minor version of "HTTP/1.x" at head[at, at + 8), or -1 (malformed), or -2 (another major version). */
    private int version(int at, int end) {
        if (end - at != 8 || head[at] != 'H' || head[at + 1] != 'T' || head[at + 2] != 'T' || head[at + 3] != 'P'
                || head[at + 4] != '/' || !isDigit(head[at + 5]) || head[at + 6] != '.' || !isDigit(head[at + 7])) return -1;
        if (head[at + 5] != '1') return -2;
        return head[at + 7] == '0' ? 0 : 1;                        // 1.2 and later read as 1.1 (RFC 9110 §2.5)
    }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    private void requestLine(int end, HttpHeaders headers) {
        int sp1 = 0;
        while (sp1 < end && isTokenChar(head[sp1])) sp1++;
        if (sp1 == 0 || sp1 == end || head[sp1] != ' ') { fail(HttpError.BAD_REQUEST); return; }
        int t = sp1 + 1, sp2 = t;
        while (sp2 < end && head[sp2] > 0x20 && head[sp2] != 0x7F) sp2++;      // visible ASCII (bytes >= 0x80 are negative)
        if (sp2 == t || sp2 == end || head[sp2] != ' ' || !targetForm(sp1, t, sp2)) { fail(HttpError.BAD_REQUEST); return; }
        int minor = version(sp2 + 1, end);
        if (minor == -2) { fail(HttpError.VERSION_NOT_SUPPORTED); return; }
        if (minor < 0) { fail(HttpError.BAD_REQUEST); return; }
        int hosts = headers.count("Host");
        if (hosts > 1 || hosts == 0 && minor == 1) { fail(HttpError.BAD_REQUEST); return; }   // RFC 9112 §3.2
        HttpRequest request = new HttpRequest(text(0, sp1), text(t, sp2), minor, headers, Message.EMPTY);
        resetHead();
        if (!requestFraming(headers, minor)) return;
        listener.requestHead(request);
        afterHead();
    }

    /**
     * RFC 9112 §3.2: origin-form ({@code /path}), absolute-form ({@code scheme://...}), authority-form
     * for CONNECT alone and {@code *} for OPTIONS alone.
     */
    private boolean targetForm(int methodEnd, int from, int to) {
        if (head[from] == '/') return true;
        String method = text(0, methodEnd);
        if (method.equals("CONNECT")) return true;
        if (to - from == 1 && head[from] == '*') return method.equals("OPTIONS");
        for (int i = from; i + 2 < to; i++) if (head[i] == ':' && head[i + 1] == '/' && head[i + 2] == '/') return i > from;
        return false;
    }

    private void statusLine(int end, HttpHeaders headers) {
        int minor = end >= 8 ? version(0, 8) : -1;
        if (minor < 0 || end < 12 || head[8] != ' ' || !isDigit(head[9]) || !isDigit(head[10]) || !isDigit(head[11])
                || end > 12 && head[12] != ' ') { fail(HttpError.BAD_RESPONSE); return; }
        int status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        if (status < 100) { fail(HttpError.BAD_RESPONSE); return; }
        String reason = end > 13 ? text(13, end) : "";
        resetHead();
        if (status < 200) {
            if (status == 101) fail(HttpError.BAD_RESPONSE);     // no protocol switching here
            return;                                              // interim: the final response follows
        }
        boolean bodyless = status == 204 || status == 304 || listener.answersHead();
        if (!responseFraming(headers, bodyless)) return;
        listener.responseHead(new HttpResponse(status, reason, minor, headers, Message.EMPTY));
        afterHead();
    }

    /** Sets the state for a request's body (RFC 9112 §6.1–6.3); false after reporting an error. */
    private boolean requestFraming(HttpHeaders h, int minor) {
        closeAfter = false;
        bodySoFar = 0;
        if (h.has("Transfer-Encoding")) {
            if (minor == 0 || h.has("Content-Length")) { fail(HttpError.BAD_REQUEST); return false; }
            int coding = chunkedLast(h);
            if (coding == 0) { fail(HttpError.UNSUPPORTED_CODING); return false; }
            if (coding < 0) { fail(HttpError.BAD_REQUEST); return false; }
            state = State.CHUNK_SIZE;
            startChunkSize();
            return true;
        }
        long length = contentLength(h);
        if (length == -1) { fail(HttpError.BAD_REQUEST); return false; }
        if (length > limits.maxBody()) { fail(HttpError.CONTENT_TOO_LARGE); return false; }
        remaining = Math.max(0, length);
        state = remaining > 0 ? State.BODY : State.HEAD;
        return true;
    }

    private boolean responseFraming(HttpHeaders h, boolean bodyless) {
        closeAfter = false;
        if (bodyless) { state = State.HEAD; remaining = 0; return true; }
        if (h.has("Transfer-Encoding")) {
            closeAfter = h.has("Content-Length");
            int coding = chunkedLast(h);
            if (coding < 0) { fail(HttpError.BAD_RESPONSE); return false; }
            if (coding == 0) state = State.BODY_TO_CLOSE;        // RFC 9112 §6.3 rule 4: read until close
            else { state = State.CHUNK_SIZE; startChunkSize(); }
            return true;
        }
        long length = contentLength(h);
        if (length == -1) { fail(HttpError.BAD_RESPONSE); return false; }
        if (length == -2) { state = State.BODY_TO_CLOSE; return true; }
        remaining = length;
        state = remaining > 0 ? State.BODY : State.HEAD;
        return true;
    }

    /** 1 when chunked is the last transfer coding (and appears once), 0 when it is absent, -1 when misplaced or a list is malformed. */
    private static int chunkedLast(HttpHeaders h) {
        int chunked = 0, codings = 0;
        boolean last = false;
        for (int i = 0; i < h.size(); i++) {
            if (!h.name(i).equalsIgnoreCase("Transfer-Encoding")) continue;
            for (String item : h.value(i).split(",", -1)) {
                String c = item.strip();
                int semi = c.indexOf(';');
                if (semi >= 0) c = c.substring(0, semi).strip();
                if (c.isEmpty()) continue;                       // empty list elements are allowed (RFC 9110 §5.6.1)
                codings++;
                last = c.equalsIgnoreCase("chunked");
                if (last) chunked++;
            }
        }
        if (codings == 0 || chunked > 1) return -1;
        if (chunked == 1 && !last) return -1;
        if (chunked == 0) return 0;
        return codings == 1 ? 1 : 0;                             // chunked after gzip etc.: a coding we do not decode
    }

    /** The Content-Length (same value repeated is allowed, RFC 9112 §6.3 rule 5); -2 absent, -1 invalid. */
    private static long contentLength(HttpHeaders h) {
        long value = -2;
        for (int i = 0; i < h.size(); i++) {
            if (!h.name(i).equalsIgnoreCase("Content-Length")) continue;
            for (String item : h.value(i).split(",", -1)) {
                String s = item.strip();
                if (s.isEmpty() || s.length() > 15) return -1;
                long v = 0;
                for (int k = 0; k < s.length(); k++) {
                    char c = s.charAt(k);
                    if (c < '0' || c > '9') return -1;
                    v = v * 10 + (c - '0');
                }
                if (value != -2 && value != v) return -1;
                value = v;
            }
        }
        return value;
    }

    private void afterHead() {
        if (state == State.HEAD) listener.end();                  // no body
    }

    private void endMessage() {
        flushBody();
        state = State.HEAD;
        listener.end();
    }

    // ---- chunked ----

    private void startChunkSize() {
        remaining = 0;
        chunkDigits = 0;
        extBytes = 0;
    }

    private void chunkSizeByte(byte b) {
        int d = Character.digit(b, 16);
        if (d >= 0 && (b & 0x80) == 0) {
            if (++chunkDigits > 13) { fail(tooLarge()); return; }
            remaining = remaining * 16 + d;
        } else if (chunkDigits == 0) {
            fail(framingError());
        } else if (b == ';' || b == ' ' || b == '\t') {
            state = State.CHUNK_EXT;                              // extensions (and BWS before them) are skipped
        } else if (b == CR) {
            state = State.CHUNK_SIZE_LF;
        } else if (b == LF) {
            chunkSizeDone();
        } else {
            fail(framingError());
        }
    }

    private void chunkSizeDone() {
        if (remaining == 0) {
            state = State.TRAILER;
            trailerBytes = 0;
            trailerLine = 0;
            return;
        }
        if (requests && (bodySoFar += remaining) > limits.maxBody() || remaining > MAX_CHUNK) { fail(tooLarge()); return; }
        state = State.CHUNK_DATA;
    }

    private void startChunk() {
        state = State.CHUNK_SIZE;
        startChunkSize();
    }

    private void trailerByte(byte b) {
        if (++trailerBytes > limits.maxHeaderBytes() + 2) { fail(requests ? HttpError.HEADERS_TOO_LARGE : HttpError.BAD_RESPONSE); return; }
        if (b == LF) {
            if (trailerLine == 0) { endMessage(); return; }        // the empty line ends the message
            trailerLine = 0;
        } else if (b != CR || trailerLine > 0) {
            trailerLine++;
        }
    }

    private HttpError framingError() { return requests ? HttpError.BAD_REQUEST : HttpError.BAD_RESPONSE; }

    private HttpError syntaxError() { return framingError(); }

    private HttpError tooLarge() { return requests ? HttpError.CONTENT_TOO_LARGE : HttpError.BAD_RESPONSE; }

    private void fail(HttpError error) {
        if (state == State.DONE) return;
        runLength = 0;                                           // a half-parsed body is not delivered
        state = State.DONE;
        listener.error(error);
    }
}
