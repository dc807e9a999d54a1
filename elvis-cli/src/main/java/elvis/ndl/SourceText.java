package elvis.ndl;

import java.util.List;

/** The lines of an NDL file as read (BOM removed, line ends stripped), kept to show errors in context. */
public record SourceText(String file, List<String> lines) {

    public SourceText {
        lines = List.copyOf(lines);
    }

    static SourceText of(String file, String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        // CRLF, LF and lone CR all end a line; split with limit -1 keeps trailing empty lines, harmless.
        return new SourceText(file, List.of(body.split("\r\n|\n|\r", -1)));
    }

    /** The text of a 1-based line, or "" when out of range. */
    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }
}
