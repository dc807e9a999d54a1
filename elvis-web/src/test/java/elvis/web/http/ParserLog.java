package elvis.web.http;

import elvis.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what a parser reports, as text lines, for comparisons across segmentations. */
final class ParserLog implements HttpParser.Listener {
    final List<String> events = new ArrayList<>();
    final StringBuilder body = new StringBuilder();
    boolean headRequest;
    final HttpParser parser;

    ParserLog(boolean requests, HttpLimits limits) {
        parser = requests ? HttpParser.forRequests(limits, this) : HttpParser.forResponses(limits, this);
    }

    static ParserLog requests() { return new ParserLog(true, HttpLimits.DEFAULT); }
    static ParserLog responses() { return new ParserLog(false, HttpLimits.DEFAULT); }

    @Override public void requestHead(HttpRequest h) {
        events.add("request " + h.method() + " " + h.target() + " 1." + h.minorVersion() + " " + h.headers().toString().replace("\r\n", "|")
                + (h.keepAlive() ? " keep" : " close"));
    }

    @Override public void responseHead(HttpResponse h) {
        events.add("response " + h.status() + " " + h.reason() + " 1." + h.minorVersion() + " " + h.headers().toString().replace("\r\n", "|"));
    }

    @Override public boolean answersHead() { return headRequest; }

    int bodyCalls;

    @Override public void body(Message part) {
        bodyCalls++;
        body.append(new String(part.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    @Override public void end() {
        events.add("end " + body);
        body.setLength(0);
    }

    @Override public void error(HttpError e) { events.add("error " + e.key()); }

    /** Feeds the text whole, then says the peer closed when {@code close}. */
    ParserLog feed(String text) {
        parser.feed(Message.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
        return this;
    }

    /** Feeds the text in segments of {@code size} bytes. */
    ParserLog feedBy(String text, int size) {
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < all.length; i += size) parser.feed(Message.wrap(all, i, Math.min(size, all.length - i)));
        return this;
    }

    ParserLog finish() {
        parser.finish();
        return this;
    }
}
