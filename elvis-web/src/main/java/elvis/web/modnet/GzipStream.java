package elvis.web.modnet;

import elvis.message.Message;
import elvis.web.http.HttpError;
import elvis.web.http.HttpHeaders;
import elvis.web.http.HttpLimits;
import elvis.web.http.HttpParser;
import elvis.web.http.HttpRequest;
import elvis.web.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One connection's HTTP response rewriting for the {@code gzip} module, without the sockets: the
 * request direction is watched (method, version, Accept-Encoding), the response direction is parsed
 * and re-framed. A response the client accepts gzip for, with a compressible type and no encoding of
 * its own, gets {@code Content-Encoding: gzip} and real DEFLATE ({@link Deflater}, raw, in a gzip
 * member of RFC 1952) of its body, framed chunked for HTTP/1.1 and delimited by the close for
 * HTTP/1.0 (its Content-Length no longer holds). Any other response keeps its head and framing.
 *
 * <p>The caller decides when and how much to compress: {@link #produce} takes up to a budget of body
 * bytes at a level it chose (the adaptive rule lives in {@link GzipModule}), so the level can change
 * between any two calls. A call with {@code flush} ends with a sync flush, so all it compressed is
 * sendable at once (at the price of a few bytes and a new block); without, DEFLATE keeps what it has
 * not yet emitted for a better ratio.
 * Close with {@link #close} (the deflater holds native memory).
 */
final class GzipStream {
    /** What a request told us about its response. */
    private record Asked(boolean head, int minorVersion, boolean acceptsGzip) { }

    /** A piece of output in wire order: bytes as they are, or body bytes still to compress, or a response's end. */
    private sealed interface Piece permits Pass, Begin, Raw, End { }
    private record Pass(Message bytes) implements Piece { }
    private record Begin(boolean chunked) implements Piece { }
    private record Raw(Message bytes) implements Piece { }
    private record End(boolean chunked) implements Piece { }

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};  // no name, no time, OS unknown
    private static final Message LAST_CHUNK = ascii("0\r\n\r\n");

    private final HttpParser requests, responses;
    private final ArrayDeque<Asked> asked = new ArrayDeque<>();
    private final ArrayDeque<Piece> out = new ArrayDeque<>();
    private int rawQueued;                  // bytes in Raw pieces
    private Asked current;
    private Mode mode = Mode.PASS;          // the current response's body handling
    private boolean closeAfter, failed;

    private enum Mode { PASS, PASS_CHUNKED, COMPRESS }

    private Deflater deflater;
    private final CRC32 crc = new CRC32();
    private long memberBytes;
    private boolean memberChunked;         // the member being produced
    private boolean parsedChunked;         // the member being parsed (ahead of production)
    private byte[] buffer;
    private int lastLevel;

    /** What streams did, added up by whoever shares one (a module, over all its connections). */
    static final class Counts {
        long bodyBytesIn, gzipBytesOut, responsesCompressed, responsesPassed;
        final long[] bytesByLevel = new long[10];
    }

    private final Counts counts;

    GzipStream(HttpLimits limits) { this(limits, new Counts()); }

    GzipStream(HttpLimits limits, Counts counts) {
        this.counts = counts;
        requests = HttpParser.forRequests(limits, new HttpParser.Listener() {
            @Override public void requestHead(HttpRequest r) {
                asked.add(new Asked(r.isHead(), r.minorVersion(), r.headers().hasToken("Accept-Encoding", "gzip")));
            }
            @Override public void end() { }
            @Override public void error(HttpError e) { }      // the server answers it; we pass its answer through
        });
        responses = HttpParser.forResponses(limits, new HttpParser.Listener() {
            @Override public boolean answersHead() { return asked.peekFirst() != null && asked.peekFirst().head; }
            @Override public void responseHead(HttpResponse r) { head(r); }
            @Override public void body(Message part) { GzipStream.this.body(part); }
            @Override public void end() { endOfResponse(); }
            @Override public void error(HttpError e) { failed = true; }
        });
    }

    Counts counts() { return counts; }

    /** Bytes the client sent (they go to the server unchanged; the caller forwards them). */
    void request(Message m) { requests.feed(m); }

    /** Bytes the server sent, to be rewritten. */
    void response(Message m) {
        if (closeAfter) return;             // a close-delimited gzip body ended the connection for the client
        responses.feed(m);
    }

    /** The server closed its side: ends a body delimited by the close. */
    void responsesEnded() { responses.finish(); }

    /** The server's output was not HTTP: the connection cannot be rewritten (the module resets it). */
    boolean failed() { return failed; }

    /** True when nothing waits to be produced. */
    boolean idle() { return out.isEmpty(); }

    /** Body bytes queued for compression. */
    int rawQueued() { return rawQueued; }

    /**
     * After the output so far, the client's connection must close: a gzip body was delimited by the
     * close (HTTP/1.0). Later responses are dropped.
     */
    boolean closeAfter() { return closeAfter && out.isEmpty(); }

    /** Body bytes compressed by the last {@link #produce}. */
    int lastCompressed;

    /**
     * The next output in wire order: pieces that pass as they are, and at most {@code budget} body
     * bytes compressed at {@code level} (1–9); stops before a second budget's worth. Sets
     * {@link #lastCompressed}.
     */
    Message produce(int budget, int level) { return produce(budget, level, true); }

    /** As {@link #produce(int, int)}; without {@code flush}, DEFLATE may hold back output until later calls. */
    Message produce(int budget, int level, boolean flush) {
        Message wire = Message.EMPTY;
        lastCompressed = 0;
        while (!out.isEmpty()) {
            Piece p = out.peekFirst();
            if (p instanceof Pass(Message bytes)) {
                wire = wire.concat(bytes);
                out.pollFirst();
            } else if (p instanceof Begin(boolean chunked)) {
                out.pollFirst();
                wire = wire.concat(beginMember(chunked));
            } else if (p instanceof Raw(Message bytes)) {
                if (lastCompressed == budget) break;
                int take = Math.min(bytes.length(), budget - lastCompressed);
                Message part = bytes.slice(0, take);
                wire = wire.concat(frame(deflate(part, level, false, flush)));
                lastCompressed += take;
                rawQueued -= take;
                if (take == bytes.length()) out.pollFirst();
                else { out.pollFirst(); out.addFirst(new Raw(bytes.slice(take))); }
            } else if (p instanceof End(boolean chunked)) {
                out.pollFirst();
                Message tail = frame(deflate(Message.EMPTY, level, true, true));
                wire = wire.concat(tail);
                if (chunked) wire = wire.concat(LAST_CHUNK);
            }
        }
        return wire;
    }

    /** Releases the deflater's native memory; the stream is unusable after. */
    void close() {
        if (deflater != null) deflater.end();
        deflater = null;
    }

    private void head(HttpResponse r) {
        current = asked.pollFirst();
        if (current == null) current = new Asked(false, 1, false);      // an answer to nothing: pass it
        HttpHeaders h = r.headers();
        boolean bodyless = current.head || r.status() == 204 || r.status() == 304;
        boolean chunked = h.hasToken("Transfer-Encoding", "chunked");
        boolean plainFraming = !h.has("Transfer-Encoding")
                || h.count("Transfer-Encoding") == 1 && h.get("Transfer-Encoding").strip().equalsIgnoreCase("chunked");
        if (current.acceptsGzip && !bodyless && r.status() == 200 && !h.has("Content-Encoding") && plainFraming
                && compressible(h.get("Content-Type"))) {
            startMember(r, current.minorVersion == 1);
            return;
        }
        counts.responsesPassed++;
        out.add(new Pass(encodeHead(r, r.headers())));
        mode = chunked && !bodyless ? Mode.PASS_CHUNKED : Mode.PASS;
    }

    private void body(Message part) {
        switch (mode) {
            case PASS -> out.add(new Pass(part));
            case PASS_CHUNKED -> out.add(new Pass(chunk(part)));
            case COMPRESS -> {
                out.add(new Raw(part));
                rawQueued += part.length();
            }
        }
    }

    private void endOfResponse() {
        switch (mode) {
            case PASS -> { }
            case PASS_CHUNKED -> out.add(new Pass(LAST_CHUNK));
            case COMPRESS -> {
                out.add(new End(parsedChunked));
                if (!parsedChunked) closeAfter = true;
            }
        }
        mode = Mode.PASS;
    }

    private void startMember(HttpResponse r, boolean chunked) {
        counts.responsesCompressed++;
        HttpHeaders h = copyWithout(r.headers(), "Content-Length", "Transfer-Encoding", chunked ? "" : "Connection");
        h.add("Content-Encoding", "gzip");
        if (!h.hasToken("Vary", "Accept-Encoding")) h.add("Vary", "Accept-Encoding");
        if (chunked) h.add("Transfer-Encoding", "chunked");
        else h.add("Connection", "close");         // HTTP/1.0 has no chunking: the close ends the body
        out.add(new Pass(encodeHead(r, h)));
        out.add(new Begin(chunked));
        parsedChunked = chunked;
        mode = Mode.COMPRESS;
    }

    /** A gzip member starts when its turn comes: the deflater still holds the previous one's until then. */
    private Message beginMember(boolean chunked) {
        memberChunked = chunked;
        memberBytes = 0;
        crc.reset();
        if (deflater == null) deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        else deflater.reset();
        lastLevel = -1;
        counts.gzipBytesOut += GZIP_HEADER.length;
        return frame(Message.wrap(GZIP_HEADER.clone()));
    }

    /** Compressed bytes of {@code raw} at {@code level}, complete when {@code flush}; {@code last} ends the member. */
    private Message deflate(Message raw, int level, boolean last, boolean flush) {
        Message before = Message.EMPTY;
        if (level != lastLevel) {
            deflater.setLevel(level);
            // The change takes effect at the next deflate, which compresses pending input with the old
            // level: make that call now, with no input, so that the new bytes get the new level.
            if (lastLevel != -1) {
                deflater.setInput(new byte[0]);
                before = drain(Deflater.NO_FLUSH);
                counts.gzipBytesOut += before.length();
            }
            lastLevel = level;
        }
        byte[] input = raw.toByteArray();
        crc.update(input);
        memberBytes += input.length;
        counts.bodyBytesIn += input.length;
        counts.bytesByLevel[level] += input.length;
        deflater.setInput(input);
        Message compressed;
        if (last) {
            deflater.finish();
            compressed = drain(Deflater.NO_FLUSH).concat(Message.wrap(trailer()));
        } else {
            compressed = drain(flush ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH);
        }
        counts.gzipBytesOut += compressed.length();
        return before.concat(compressed);
    }

    private Message drain(int flush) {
        if (buffer == null) buffer = new byte[16384];
        Message all = Message.EMPTY;
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, flush);
            if (n > 0) all = all.concat(Message.wrap(Arrays.copyOf(buffer, n)));
            if (n < buffer.length && (deflater.needsInput() || deflater.finished())) return all;
        }
    }

    private byte[] trailer() {
        long c = crc.getValue();
        long size = memberBytes & 0xFFFFFFFFL;
        return new byte[]{(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
    }

    private Message frame(Message compressed) { return memberChunked ? chunk(compressed) : compressed; }

    private static Message chunk(Message data) {
        if (data.isEmpty()) return Message.EMPTY;      // a zero-size chunk would end the body
        return ascii(Integer.toHexString(data.length()) + "\r\n").concat(data).concat(CRLF);
    }

    private static final Message CRLF = ascii("\r\n");

    /** Types worth compressing: text and the structured text formats. */
    static boolean compressible(String contentType) {
        if (contentType == null) return false;
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) t = t.substring(0, semi);
        t = t.strip();
        return t.startsWith("text/") || t.equals("application/json") || t.equals("application/xml") || t.equals("application/javascript")
                || t.endsWith("+xml") || t.endsWith("+json");
    }

    private static HttpHeaders copyWithout(HttpHeaders h, String... names) {
        HttpHeaders c = new HttpHeaders();
        outer:
        for (int i = 0; i < h.size(); i++) {
            for (String n : names) if (h.name(i).equalsIgnoreCase(n)) continue outer;
            c.add(h.name(i), h.value(i));
        }
        return c;
    }

    /** The head as received (fields in order, names as spelled), with {@code fields}. */
    private static Message encodeHead(HttpResponse r, HttpHeaders fields) {
        StringBuilder b = new StringBuilder(64 + 32 * fields.size());
        b.append("HTTP/1.").append(r.minorVersion()).append(' ').append(r.status()).append(' ').append(r.reason()).append("\r\n");
        for (int i = 0; i < fields.size(); i++) b.append(fields.name(i)).append(": ").append(fields.value(i)).append("\r\n");
        b.append("\r\n");
        return ascii(b);
    }

    private static Message ascii(CharSequence s) { return Message.wrap(s.toString().getBytes(StandardCharsets.ISO_8859_1)); }
}
