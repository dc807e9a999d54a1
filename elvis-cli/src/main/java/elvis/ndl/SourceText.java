package elvis.ndl;

import java.util.Arrays;
import java.util.List;

/**
 * The lines of an NDL file as read (BOM removed, line ends stripped), kept to show errors in context.
 * Held as the one text and where each line starts and ends, not as a String per line: a file of
 * millions of short lines would otherwise cost several times its size.
 */
public final class SourceText {
    private final String file;
    private final String text;
    private final int[] starts, ends;       // line n (1-based) is text[starts[n-1], ends[n-1])
    private final int count;

    /** {@code text} null: no lines at all (a file that could not be read). */
    private SourceText(String file, String text) {
        this.file = file;
        this.text = text == null ? "" : text;
        int[] s = new int[16], e = new int[16];
        int n = 0, start = 0;
        for (int i = 0; text != null && i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\n';
            if (c != '\n' && c != '\r') continue;
            if (n == s.length) {
                s = Arrays.copyOf(s, n * 2);
                e = Arrays.copyOf(e, n * 2);
            }
            s[n] = start;
            e[n++] = i;
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;   // CRLF, LF and lone CR all end a line
            start = i + 1;
        }
        this.starts = Arrays.copyOf(s, n);
        this.ends = Arrays.copyOf(e, n);
        this.count = n;
    }

    /** A text of the given lines (for tests and files that could not be read). */
    public SourceText(String file, List<String> lines) {
        this(file, lines.isEmpty() ? null : String.join("\n", lines));
    }

    static SourceText of(String file, String text) {
        return new SourceText(file, text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    public String file() { return file; }

    /** Number of lines (a trailing line end is followed by one empty line, harmless). */
    public int lineCount() { return count; }

    /** The text of a 1-based line, or "" when out of range. */
    public String line(int line) {
        return line >= 1 && line <= count ? text.substring(starts[line - 1], ends[line - 1]) : "";
    }
}
