package elvis.web.http;

import elvis.message.Message;
import java.util.Objects;

/**
 * An HTTP/1.x request: method, request target, minor version (0 or 1), header fields and a body.
 * The body is a zero-copy {@link Message} (slices of the received segments, or whatever the sender
 * built). Parsers make these; clients build them with {@link #get} or the constructor and send them
 * with {@link HttpClientConnection#send} or {@link BlockingHttpClient#fetch}.
 */
public final class HttpRequest {
    private final String method, target;
    private final int minorVersion;
    private final HttpHeaders headers;
    private final Message body;

    public HttpRequest(String method, String target, int minorVersion, HttpHeaders headers, Message body) {
        this.method = Objects.requireNonNull(method);
        this.target = Objects.requireNonNull(target);
        if (minorVersion != 0 && minorVersion != 1) throw new IllegalArgumentException("HTTP/1." + minorVersion);
        this.minorVersion = minorVersion;
        this.headers = Objects.requireNonNull(headers);
        this.body = Objects.requireNonNull(body);
    }

    /** {@code GET target HTTP/1.1} with a Host field (required in 1.1, RFC 9112 §3.2). */
    public static HttpRequest get(String target, String host) {
        return new HttpRequest("GET", target, 1, new HttpHeaders().add("Host", host), Message.EMPTY);
    }

    public String method() { return method; }
    /** The request target as sent: {@code /a/b?q}, {@code http://h/a}, {@code *} or {@code host:port}. */
    public String target() { return target; }
    public int minorVersion() { return minorVersion; }
    public HttpHeaders headers() { return headers; }
    public Message body() { return body; }

    /** The path of an origin-form target: the target up to {@code ?} or {@code #}. */
    public String path() {
        int end = target.length();
        int q = target.indexOf('?'), h = target.indexOf('#');
        if (q >= 0) end = q;
        if (h >= 0 && h < end) end = h;
        return target.substring(0, end);
    }

    public boolean isHead() { return method.equals("HEAD"); }

    /**
     * Whether the client wants the connection kept after the response (RFC 9112 §9.3): in 1.1 unless
     * {@code Connection: close}; in 1.0 only with {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) return false;
        return minorVersion == 1 || headers.hasToken("Connection", "keep-alive");
    }

    public HttpRequest withBody(Message newBody) { return new HttpRequest(method, target, minorVersion, headers, newBody); }

    /**
     * The request on the wire: request line, fields, a Content-Length when the body is not empty
     * (or the method carries one) and no framing field was given, CRLF, then the body (shared, not copied).
     */
    public Message encode() {
        StringBuilder b = new StringBuilder(64 + 32 * headers.size());
        b.append(method).append(' ').append(target).append(" HTTP/1.").append(minorVersion).append("\r\n");
        HttpWire.appendFields(b, headers);
        boolean framed = headers.has("Content-Length") || headers.has("Transfer-Encoding");
        if (!framed && (!body.isEmpty() || method.equals("POST") || method.equals("PUT")))
            b.append("Content-Length: ").append(body.length()).append("\r\n");
        b.append("\r\n");
        return HttpWire.latin1(b).concat(body);
    }

    @Override
    public String toString() { return method + " " + target + " HTTP/1." + minorVersion + " (" + body.length() + " body bytes)"; }
}
