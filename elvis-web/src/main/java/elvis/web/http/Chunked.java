package elvis.web.http;

import elvis.message.Message;

/**
 * Writing the chunked transfer coding (RFC 9112 §7.1), for a server that sends a body of unknown
 * length piece by piece on a persistent connection: a head with {@code Transfer-Encoding: chunked}
 * ({@link HttpResponse#encode} then adds no Content-Length), each piece through {@link #chunk}, then
 * {@link #LAST}. The data is shared, not copied. {@link HttpParser} reads what this writes.
 */
public final class Chunked {
    private Chunked() {}

    private static final Message CRLF = Message.wrap(new byte[] {'\r', '\n'});

    /** The last chunk with no trailer fields: ends the body. */
    public static final Message LAST = Message.wrap(new byte[] {'0', '\r', '\n', '\r', '\n'});

    /** One chunk carrying {@code data} (not empty: an empty chunk would end the body). */
    public static Message chunk(Message data) {
        if (data.isEmpty()) throw new IllegalArgumentException("an empty chunk ends the body: send LAST instead");
        return HttpWire.latin1(Integer.toHexString(data.length()) + "\r\n").concat(data).concat(CRLF);
    }

    /** How many bytes {@link #chunk} adds around {@code length} bytes of data. */
    public static int overhead(int length) { return Integer.toHexString(length).length() + 4; }
}
