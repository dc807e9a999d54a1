package elvis.web.modnet;

import elvis.message.Message;
import elvis.sim.RandomStream;

import java.nio.charset.StandardCharsets;

/**
 * A dynamic page made from a large fixed template and a small per-request part (ModNet's dedup
 * workload, §5.6: the Yahoo front page as template, 346 KB on average, under 300 bytes varying per
 * download). The template is varied HTML text made from a seed; each page puts {@link #SLOTS}
 * per-request scripts (a request number and a token, {@link #DYNAMIC_BYTES} bytes in all) at fixed
 * places in it. Pages share every byte outside those places, as Message slices of one template.
 */
public final class TemplatePage {
    /** ModNet's average page. */
    public static final int DEFAULT_BYTES = 346_000;
    /** Places in the template that vary per request. */
    public static final int SLOTS = 4;
    /** Bytes that vary per page, all slots together (under ModNet's 300). */
    public static final int DYNAMIC_BYTES = SLOTS * 64;

    private static final String[] WORDS = {"news", "mail", "finance", "sports", "weather", "markets", "video", "world", "politics",
            "science", "health", "travel", "style", "autos", "music", "movies", "games", "answers", "search", "shopping", "local",
            "trending", "today", "live", "photos", "stories", "latest", "headlines", "business", "technology", "entertainment"};

    public static final int MIN_BYTES = 4096, MAX_BYTES = 64 << 20;

    private final Message[] pieces = new Message[SLOTS + 1];
    private final int bytes;

    private TemplatePage(long seed, int bytes) {
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) throw new IllegalArgumentException("a template page has " + MIN_BYTES + ".." + MAX_BYTES + " bytes: " + bytes);
        this.bytes = bytes;
        RandomStream r = RandomStream.forEntity(seed, "template_page");
        int templateBytes = bytes - DYNAMIC_BYTES;
        StringBuilder b = new StringBuilder(templateBytes + 256);
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Front page</title></head>\n<body>\n");
        while (b.length() < templateBytes) {
            b.append("<div class=\"story\" id=\"s").append(r.nextLong(1_000_000)).append("\"><a href=\"/");
            b.append(WORDS[(int) r.nextLong(WORDS.length)]).append('/').append(r.nextLong(100_000_000)).append("\">");
            int words = 5 + (int) r.nextLong(20);
            for (int i = 0; i < words; i++) b.append(i == 0 ? "" : " ").append(WORDS[(int) r.nextLong(WORDS.length)]);
            b.append("</a></div>\n");
        }
        b.setLength(templateBytes - "</body></html>\n".length());
        b.append("</body></html>\n");
        byte[] t = b.toString().getBytes(StandardCharsets.US_ASCII);
        int at = 0;
        for (int i = 0; i < SLOTS; i++) {
            int cut = (int) ((long) templateBytes * (i + 1) / (SLOTS + 1));
            pieces[i] = Message.wrapSummed(java.util.Arrays.copyOfRange(t, at, cut));
            at = cut;
        }
        pieces[SLOTS] = Message.wrapSummed(java.util.Arrays.copyOfRange(t, at, t.length));
    }

    private record Key(long seed, int bytes) { }

    private static final java.util.Map<Key, TemplatePage> CACHE = new java.util.HashMap<>();

    /** The template of {@code seed} for pages of {@code bytes} bytes (kept: a run asks for it once per server). */
    public static synchronized TemplatePage of(long seed, int bytes) {
        return CACHE.computeIfAbsent(new Key(seed, bytes), k -> new TemplatePage(seed, bytes));
    }

    /** Every page's size. */
    public int bytes() { return bytes; }

    /** Page number {@code request}, its tokens drawn from {@code random}. */
    public Message page(long request, RandomStream random) {
        Message m = pieces[0];
        for (int i = 0; i < SLOTS; i++) m = m.concat(slot(request, i, random)).concat(pieces[i + 1]);
        return m;
    }

    private static Message slot(long request, int i, RandomStream random) {
        String s = String.format("<script>p(%d,%012d,\"%016x\");</script>", i, request, random.nextLong());
        StringBuilder b = new StringBuilder(s);
        while (b.length() < DYNAMIC_BYTES / SLOTS - 1) b.append(' ');
        b.append('\n');
        return Message.wrap(b.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
