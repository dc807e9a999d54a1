package elvis.web.site;

import elvis.message.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds the {@code href} of every {@code <a>} tag and the {@code src} of every {@code <img>} tag in
 * HTML that arrives in pieces: feed each read as it comes ({@link #feed(Message)} or
 * {@link #feed(byte[], int, int)}); a tag split across reads is found all the same. Comments and the
 * contents of {@code <script>} and {@code <style>} are skipped; tag and attribute names are
 * case-insensitive; values may be double-quoted, single-quoted or bare; {@code &amp;} is decoded.
 * Bytes are read as ISO-8859-1, so any input is accepted.
 *
 * <p>Bounded whatever it is fed: a tag longer than {@value #MAX_TAG} bytes is skipped, and at most
 * {@value #MAX_KEPT} links and as many images are kept ({@link #linkCount()} and
 * {@link #imageCount()} go on counting). Typical use by a browsing user:
 * <pre>
 *   HtmlExtractor x = new HtmlExtractor();
 *   while (body not complete) x.feed(nextRead);
 *   for (String src : x.images()) fetch(src);
 * </pre>
 */
public final class HtmlExtractor {
    public static final int MAX_TAG = 16 * 1024;
    public static final int MAX_KEPT = 100_000;

    private enum State { TEXT, TAG, COMMENT, RAW_TEXT }

    private State state = State.TEXT;
    private final byte[] tag = new byte[MAX_TAG];
    private int tagLength;
    private boolean tagOverflow;
    private byte quote;             // the quote that opened the current attribute value, 0 outside one
    private boolean afterEquals;    // the last non-blank byte of the tag was '='
    private int dashes;             // consecutive '-' seen in a comment
    private byte[] rawEnd;          // "</script" or "</style" while in RAW_TEXT
    private int rawMatched;
    private final List<String> links = new ArrayList<>(), images = new ArrayList<>();
    private int linkCount, imageCount;

    /** The links and images of a whole document. */
    public static HtmlExtractor of(Message html) {
        HtmlExtractor x = new HtmlExtractor();
        x.feed(html);
        return x;
    }

    /** The {@code href}s of the {@code <a>} tags found so far, in document order. */
    public List<String> links() { return Collections.unmodifiableList(links); }

    /** The {@code src}s of the {@code <img>} tags found so far, in document order. */
    public List<String> images() { return Collections.unmodifiableList(images); }

    public int linkCount() { return linkCount; }
    public int imageCount() { return imageCount; }

    /** Forgets everything, to read another document. */
    public void reset() {
        state = State.TEXT;
        tagLength = 0;
        tagOverflow = false;
        quote = 0;
        afterEquals = false;
        dashes = 0;
        rawEnd = null;
        links.clear();
        images.clear();
        linkCount = imageCount = 0;
    }

    public void feed(Message m) {
        m.forEachSlice((array, offset, length) -> {
            if (array != null) {
                feed(array, offset, length);
            } else if (state == State.COMMENT || state == State.RAW_TEXT) {
                dashes = 0;               // NULs end any "-->" or "</script" in progress
                rawMatched = 0;
            } else if (state == State.TAG) {
                for (int i = 0; i < length && state == State.TAG; i++) tagByte((byte) 0);
            }
            // In TEXT, zero bytes are just text.
        });
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = bytes[i];
            switch (state) {
                case TEXT -> {
                    if (b == '<') startTag();
                }
                case TAG -> tagByte(b);
                case COMMENT -> {
                    if (b == '-') dashes++;
                    else if (b == '>' && dashes >= 2) state = State.TEXT;
                    else dashes = 0;
                }
                case RAW_TEXT -> {
                    if (rawMatched == rawEnd.length) {
                        // "</script" seen: it closes on a delimiter, else it was e.g. "</scripts".
                        if (b == '>' || b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '/' || b == '\f') {
                            state = State.TEXT;
                            if (b != '>') startSkippedTag();
                        } else {
                            rawMatched = b == '<' ? 1 : 0;
                        }
                    } else if (lower(b) == rawEnd[rawMatched]) {
                        rawMatched++;
                    } else {
                        rawMatched = b == '<' ? 1 : 0;
                    }
                }
            }
        }
    }

    private void startTag() {
        state = State.TAG;
        tagLength = 0;
        tagOverflow = false;
        quote = 0;
        afterEquals = false;
    }

    /** The rest of a closing tag, to be read up to its '>' and ignored. */
    private void startSkippedTag() {
        startTag();
        tagOverflow = true;
    }

    private void tagByte(byte b) {
        if (tagLength == 0 && !tagOverflow && !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '/' || b == '!' || b == '?')) {
            state = State.TEXT;    // "a < b": a '<' that starts no tag is text
            if (b == '<') startTag();
            return;
        }
        if (quote != 0) {
            if (b == quote) quote = 0;
        } else if (b == '>') {
            state = State.TEXT;
            if (!tagOverflow) endTag();
            return;
        } else if ((b == '"' || b == '\'') && afterEquals) {
            quote = b;
        }
        if (quote == 0 && b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f') afterEquals = b == '=';
        if (tagOverflow) return;
        if (tagLength == MAX_TAG) {
            tagOverflow = true;
            return;
        }
        tag[tagLength++] = b;
        if (tagLength == 3 && tag[0] == '!' && tag[1] == '-' && tag[2] == '-') {
            state = State.COMMENT;
            dashes = 0;
        }
    }

    private static final byte[] SCRIPT_END = "</script".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STYLE_END = "</style".getBytes(StandardCharsets.US_ASCII);

    /** A complete tag is in {@code tag[0, tagLength)}, without its angle brackets. */
    private void endTag() {
        int i = 0, n = tagLength;
        int nameStart = i;
        while (i < n && !blank(tag[i]) && tag[i] != '/') i++;
        String name = lowerAscii(nameStart, i);
        String wanted = switch (name) {
            case "a" -> "href";
            case "img" -> "src";
            default -> null;
        };
        if (name.equals("script") || name.equals("style")) {
            boolean selfClosing = n > 0 && tag[n - 1] == '/';
            if (!selfClosing) {
                state = State.RAW_TEXT;
                rawEnd = name.equals("script") ? SCRIPT_END : STYLE_END;
                rawMatched = 0;
            }
            return;
        }
        if (wanted == null) return;
        while (i < n) {
            while (i < n && (blank(tag[i]) || tag[i] == '/')) i++;
            int attrStart = i;
            while (i < n && !blank(tag[i]) && tag[i] != '=' && tag[i] != '/') i++;
            String attr = lowerAscii(attrStart, i);
            while (i < n && blank(tag[i])) i++;
            String value = null;
            if (i < n && tag[i] == '=') {
                i++;
                while (i < n && blank(tag[i])) i++;
                if (i < n && (tag[i] == '"' || tag[i] == '\'')) {
                    byte q = tag[i++];
                    int from = i;
                    while (i < n && tag[i] != q) i++;
                    value = text(from, i);
                    if (i < n) i++;
                } else {
                    int from = i;
                    while (i < n && !blank(tag[i])) i++;
                    value = text(from, i);
                }
            }
            if (attr.isEmpty() && value == null) {
                if (i < n) i++;   // a stray byte such as a lone '=' or quote
                continue;
            }
            if (attr.equals(wanted) && value != null) {
                if (name.equals("a")) {
                    if (linkCount++ < MAX_KEPT) links.add(value);
                } else if (imageCount++ < MAX_KEPT) {
                    images.add(value);
                }
                return;   // the first such attribute counts, as in browsers
            }
        }
    }

    private static boolean blank(byte b) { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'; }

    private static byte lower(byte b) { return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b; }

    private String lowerAscii(int from, int to) {
        char[] c = new char[to - from];
        for (int k = from; k < to; k++) c[k - from] = (char) (lower(tag[k]) & 0xFF);
        return new String(c);
    }

    private String text(int from, int to) {
        String s = new String(tag, from, to - from, StandardCharsets.ISO_8859_1);
        return s.contains("&amp;") ? s.replace("&amp;", "&") : s;
    }
}
