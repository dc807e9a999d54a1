package elvis.web.http;

import elvis.message.Message;
import java.util.Objects;

/**
 * An HTTP/1.x response: status, reason phrase, minor version, header fields and a zero-copy body.
 * A server's {@link HttpHandler} answers with one ({@link #ok}, {@link #status}, {@link #notFound},
 * {@link #methodNotAllowed}); a client receives one whose body holds the received slices.
 *
 * <p>A body whose content does not matter is {@code Message.zeros(n)} (no memory); an HTML page is
 * {@code Message.wrap(bytes)}, or {@code Message.wrapSummed(bytes)} when it will be served many times
 * (precomputed checksums: TCP then sums no payload byte of it). Either is shared, never copied,
 * however often it is served. Keep one response per document and hand the same object to every
 * exchange that asks for it: its encoded head is cached in it, so do not change its headers after.
 */
public final class HttpResponse {
    private final int status;
    private final String reason;
    private final int minorVersion;
    private final HttpHeaders headers;
    private final Message body;

    public HttpResponse(int status, String reason, int minorVersion, HttpHeaders headers, Message body) {
        if (status < 100 || status > 999) throw new IllegalArgumentException("status " + status);
        this.status = status;
        this.reason = Objects.requireNonNull(reason);
        if (minorVersion != 0 && minorVersion != 1) throw new IllegalArgumentException("HTTP/1." + minorVersion);
        this.minorVersion = minorVersion;
        this.headers = Objects.requireNonNull(headers);
        this.body = Objects.requireNonNull(body);
    }

    /** 200 OK with a Content-Type and the body. */
    public static HttpResponse ok(String contentType, Message body) {
        return new HttpResponse(200, "OK", 1, new HttpHeaders().add("Content-Type", contentType), body);
    }

    /** A response with the standard reason phrase and an empty body. */
    public static HttpResponse status(int status) {
        return new HttpResponse(status, reasonPhrase(status), 1, new HttpHeaders(), Message.EMPTY);
    }

    public static HttpResponse notFound() { return status(404); }

    /** 405 with the Allow field RFC 9110 §15.5.6 requires, e.g. {@code methodNotAllowed("GET, HEAD")}. */
    public static HttpResponse methodNotAllowed(String allow) {
        HttpResponse r = status(405);
        r.headers.add("Allow", allow);
        return r;
    }

    public int status() { return status; }
    public String reason() { return reason; }
    public int minorVersion() { return minorVersion; }
    public HttpHeaders headers() { return headers; }
    public Message body() { return body; }

    public HttpResponse withBody(Message newBody) { return new HttpResponse(status, reason, minorVersion, headers, newBody); }

    /** Whether the server keeps the connection after this response (RFC 9112 §9.3). */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) return false;
        return minorVersion == 1 || headers.hasToken("Connection", "keep-alive");
    }

    /**
     * The response on the wire as a server sends it: status line, fields, a Content-Length when no
     * framing field was given, CRLF, and the body unless {@code headRequest} (a HEAD's answer carries
     * the length of the body it omits). The body is shared, not copied.
     */
    public Message encode(boolean headRequest) { return wire(headRequest, NO_CONNECTION_FIELD); }

    static final int NO_CONNECTION_FIELD = 0, CONNECTION_CLOSE = 1, CONNECTION_KEEP_ALIVE = 2;

    // Encoded heads by Connection field, made on first use: a response served many times is encoded once.
    private Message[] heads;

    /** As {@link #encode}, with the Connection field the server adds (one of the constants above). */
    Message wire(boolean headRequest, int connection) {
        if (heads == null) heads = new Message[3];
        Message head = heads[connection];
        if (head == null) heads[connection] = head = encodeHead(connection);
        boolean bodyless = status < 200 || status == 204 || status == 304;
        return headRequest || bodyless ? head : head.concat(body);
    }

    private Message encodeHead(int connection) {
        StringBuilder b = new StringBuilder(64 + 32 * headers.size());
        b.append("HTTP/1.").append(minorVersion).append(' ').append(status).append(' ').append(reason).append("\r\n");
        HttpWire.appendFields(b, headers);
        boolean bodyless = status < 200 || status == 204 || status == 304;
        if (!bodyless && !headers.has("Content-Length") && !headers.has("Transfer-Encoding"))
            b.append("Content-Length: ").append(body.length()).append("\r\n");
        if (connection == CONNECTION_CLOSE) b.append("Connection: close\r\n");
        else if (connection == CONNECTION_KEEP_ALIVE) b.append("Connection: keep-alive\r\n");
        b.append("\r\n");
        return HttpWire.latin1(b);
    }

    /** The standard reason phrase of a status (RFC 9110 §15), or "Unknown". */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Unknown";
        };
    }

    @Override
    public String toString() { return "HTTP/1." + minorVersion + " " + status + " " + reason + " (" + body.length() + " body bytes)"; }
}
