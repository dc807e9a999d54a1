package elvis.web.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The document path a request target names: origin form ({@code /a/b?q}) or absolute form
 * ({@code http://host/a/b}, RFC 9112 §3.2.2), without its query, percent-decoded (as UTF-8), with
 * empty and {@code .} segments dropped and each {@code ..} removing the segment before it
 * (RFC 3986 §5.2.4). A {@code ..} that would climb above the root is refused, encoded or not.
 */
public final class RequestPath {
    /** Why a target names no path. */
    public enum Refusal {
        /** Not a path: {@code *}, an authority, a control character or space, a bad percent escape, an escaped NUL. */
        MALFORMED,
        /** A {@code ..} above the root. */
        TRAVERSAL
    }

    /** The decoded path, or null with the refusal. */
    public record Result(String path, Refusal refusal) {
        static Result of(String path) { return new Result(path, null); }
        static Result refused(Refusal why) { return new Result(null, why); }
    }

    private RequestPath() { }

    public static Result of(String target) {
        int start = 0;
        if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            start = target.indexOf('/', target.indexOf("//") + 2);
            if (start < 0) return Result.of("/");     // http://host names the root
        }
        if (start >= target.length() || target.charAt(start) != '/') return Result.refused(Refusal.MALFORMED);
        int end = target.length();
        for (int i = start; i < end; i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) return Result.refused(Refusal.MALFORMED);      // no controls or spaces in a target
            if (c == '?' || c == '#') end = i;
        }
        String raw = start == 0 && end == target.length() ? target : target.substring(start, end);
        if (isPlain(raw)) return Result.of(raw);
        String decoded = percentDecode(raw);
        if (decoded == null) return Result.refused(Refusal.MALFORMED);
        return normalise(decoded);
    }

    /** True when nothing needs decoding or normalising: no escapes, no dot segments, no empty segments. */
    private static boolean isPlain(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '%') return false;
            if (c == '/' && i + 1 < p.length() && (p.charAt(i + 1) == '/' || p.charAt(i + 1) == '.')) return false;
        }
        return true;
    }

    private static String percentDecode(String p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length());
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '%') {
                if (i + 2 >= p.length()) return null;
                int hi = Character.digit(p.charAt(i + 1), 16), lo = Character.digit(p.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                int b = hi << 4 | lo;
                if (b == 0) return null;
                out.write(b);
                i += 2;
            } else if (c == 0) {
                return null;
            } else if (c < 256) {
                out.write(c);      // the parser reads the target as ISO-8859-1: one char per byte
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Result normalise(String p) {
        List<String> segments = new ArrayList<>();
        String[] parts = p.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String s = parts[i];
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (segments.isEmpty()) return Result.refused(Refusal.TRAVERSAL);
                segments.removeLast();
            } else {
                segments.add(s);
            }
        }
        String last = parts[parts.length - 1];
        boolean directory = last.isEmpty() || last.equals(".") || last.equals("..");
        StringBuilder b = new StringBuilder(p.length());
        for (String s : segments) b.append('/').append(s);
        if (directory || segments.isEmpty()) b.append('/');
        return Result.of(b.toString());
    }
}
