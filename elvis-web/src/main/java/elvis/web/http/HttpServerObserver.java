package elvis.web.http;

/**
 * Told what an {@link HttpServer}'s connections do as it happens, for statistics and trace sources
 * that plain counters cannot give (concurrent connections over time, response times). Calls come
 * from inside the connection's processing; an observer only records.
 */
public interface HttpServerObserver {
    /** A connection was accepted. */
    default void opened() { }

    /** A connection is gone. */
    default void closed() { }

    /** An error of {@code kind} was counted. */
    default void error(HttpError kind) { }

    /**
     * The last byte of a response of {@code wireBytes} (head and body) was handed to TCP; its request
     * was complete at {@code receivedNs} (or the error was found then, for the server's own answers).
     */
    default void sent(int status, long wireBytes, long receivedNs) { }
}
