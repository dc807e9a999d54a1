package elvis.web.http;

/**
 * A server application's logic: one call per complete request, in arrival order. Answer through
 * {@link HttpExchange#respond}, now or later (an asynchronous producer keeps the exchange and
 * responds when its data is ready); the connection sends responses in request order whatever the
 * order they complete in (pipelining, RFC 9112 §9.3.2). 404 and 405 are the handler's to give
 * ({@link HttpResponse#notFound}, {@link HttpResponse#methodNotAllowed}); the server answers malformed
 * and oversized requests itself (400, 413, 414, 431, 501, 505) without calling the handler.
 *
 * <pre>{@code
 * HttpServer.listen(machine, 80, app, HttpServer.Options.DEFAULT, counters, (request, exchange) -> {
 *     Message page = pages.get(request.path());
 *     exchange.respond(page == null ? HttpResponse.notFound() : HttpResponse.ok("text/html", page));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface HttpHandler {
    void handle(HttpRequest request, HttpExchange exchange);
}
