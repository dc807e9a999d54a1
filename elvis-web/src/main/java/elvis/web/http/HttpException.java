package elvis.web.http;

/** A blocking HTTP call failed; {@link #kind} says why (already counted in the caller's {@link HttpCounters}). */
public final class HttpException extends RuntimeException {
    private final HttpError kind;

    public HttpException(HttpError kind) {
        super(kind.key(), null, false, false);
        this.kind = kind;
    }

    public HttpError kind() { return kind; }
}
