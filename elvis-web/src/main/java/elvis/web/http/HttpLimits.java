package elvis.web.http;

/**
 * Bounds on what a parser accepts; exceeding one is a counted {@link HttpError}, never an exception.
 * The defaults are those of common servers (nginx: 8 KB lines; Apache: 100 fields).
 *
 * @param maxRequestLine bytes of the request or status line, CRLF excluded (beyond: 414 / bad response)
 * @param maxHeaderBytes bytes of the header fields after the first line, CRLFs included (beyond: 431);
 *        also bounds a chunked body's trailer section
 * @param maxHeaderCount header fields (beyond: 431)
 * @param maxBody bytes of a request body, Content-Length or chunked (beyond: 413); responses are not bounded
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBody) {
    public static final HttpLimits DEFAULT = new HttpLimits(8192, 16384, 100, 1 << 20);

    public HttpLimits {
        if (maxRequestLine < 16 || maxHeaderBytes < 0 || maxHeaderCount < 0 || maxBody < 0)
            throw new IllegalArgumentException("bad HTTP limits: line " + maxRequestLine + ", header bytes " + maxHeaderBytes
                    + ", header count " + maxHeaderCount + ", body " + maxBody);
    }
}
