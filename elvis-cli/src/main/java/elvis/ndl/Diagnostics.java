package elvis.ndl;

import java.util.Comparator;
import java.util.List;

/** Renders diagnostics the way compilers do: a location header, the source line, and a caret under the column. */
public final class Diagnostics {

    static final Comparator<Diagnostic> BY_POSITION =
            Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().col());

    private Diagnostics() {}

    /** All diagnostics in order, each followed by its source line and caret. */
    public static String render(List<Diagnostic> diagnostics, SourceText source) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d, source));
        }
        return out.toString();
    }

    /**
     * One diagnostic:
     * <pre>
     * FILE:LINE:COL: error: message
     *     source line
     *         ^
     * </pre>
     */
    public static String render(Diagnostic d, SourceText source) {
        Pos p = d.pos();
        StringBuilder out = new StringBuilder()
                .append(p.file()).append(':').append(p.line()).append(':').append(p.col()).append(": ")
                .append(d.severity().label()).append(": ").append(d.message()).append('\n');
        if (p.line() < 1 || p.line() > source.lines().size()) {
            return out.toString();
        }
        String line = source.line(p.line());
        out.append("    ").append(line).append('\n').append("    ");
        // Echo tabs as tabs so the caret lands under the same column whatever the terminal's tab width.
        int before = Math.min(p.col() - 1, line.length());
        for (int i = 0; i < before; i++) {
            out.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        for (int i = before; i < p.col() - 1; i++) {
            out.append(' ');
        }
        return out.append("^\n").toString();
    }
}
