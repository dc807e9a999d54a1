package elvis.web.http;

import java.util.Locale;

/**
 * Why an HTTP exchange failed, counted in {@link HttpCounters}. A server answers the kinds with a
 * {@link #status()} (then closes the connection); the others are the client's or the connection's.
 */
public enum HttpError {
    /** Malformed request (syntax, framing, missing or repeated Host): 400. */
    BAD_REQUEST(400, "Bad Request"),
    /** Request line longer than {@link HttpLimits#maxRequestLine()}: 414. */
    URI_TOO_LONG(414, "URI Too Long"),
    /** Header section larger than {@link HttpLimits#maxHeaderBytes()} or more fields than {@link HttpLimits#maxHeaderCount()}: 431. */
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large"),
    /** Request body larger than {@link HttpLimits#maxBody()}: 413. */
    CONTENT_TOO_LARGE(413, "Content Too Large"),
    /** A transfer coding other than chunked: 501 (RFC 9112 §6.1). */
    UNSUPPORTED_CODING(501, "Not Implemented"),
    /** A major version other than 1: 505. */
    VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported"),
    /** A response the client cannot parse (syntax, framing, oversized head). */
    BAD_RESPONSE(0, null),
    /** The peer closed or reset the connection in the middle of a message, or before answering a request. */
    TRUNCATED(0, null),
    /** The connection could not be opened (refused, unreachable, timed out). */
    CONNECT_FAILED(0, null),
    /** No complete response within the client's timeout. */
    TIMEOUT(0, null);

    private final int status;
    private final String reason;

    HttpError(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** The status a server answers with, or 0 when none is due. */
    public int status() { return status; }

    /** The status's reason phrase, or null. */
    public String reason() { return reason; }

    /** Lower-case name for results ({@code bad_request}, {@code headers_too_large}, ...). */
    public String key() { return name().toLowerCase(Locale.ROOT); }
}
