/**
 * The HTTP/1.1 substrate every web application builds on (RFC 9110, RFC 9112).
 *
 * <ul>
 *   <li>{@link elvis.web.http.HttpRequest}, {@link elvis.web.http.HttpResponse}, {@link elvis.web.http.HttpHeaders}:
 *       messages with zero-copy {@link elvis.message.Message} bodies ({@code Message.zeros(n)} when the
 *       content does not matter, real bytes when it does).</li>
 *   <li>{@link elvis.web.http.HttpParser}: incremental parser for requests or responses, any segmentation,
 *       Content-Length and chunked framing, bounded by {@link elvis.web.http.HttpLimits}; errors are
 *       {@link elvis.web.http.HttpError} kinds, never exceptions.</li>
 *   <li>Servers: a {@link elvis.web.http.HttpHandler} answers each request through its
 *       {@link elvis.web.http.HttpExchange}, at once or later; {@link elvis.web.http.HttpServer} runs it on
 *       the TCP event API (the fast path), {@link elvis.web.http.BlockingHttpServer} in a process.</li>
 *   <li>Clients: {@link elvis.web.http.HttpClientConnection} (event API, optional pipelining) and
 *       {@link elvis.web.http.BlockingHttpClient} (a process on a stream socket).</li>
 *   <li>{@link elvis.web.http.HttpCounters}: requests, responses, bytes and errors by kind, as fields.</li>
 * </ul>
 */
package elvis.web.http;
