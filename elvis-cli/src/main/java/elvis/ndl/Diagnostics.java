package elvis.ndl;

import java.util.Comparator;
import java.util.List;

/** Renders diagnostics the way compilers do: a location header, the source line, and a caret under the column. */
public final class Diagnostics {

    static final Comparator<Diagnostic> BY_POSITION =
            Comparator.comparingInt((Diagnostic d) -> d.pos().line()).thenComparingInt(d -> d.pos().col());

    /** Most diagnostics shown: a huge broken file would otherwise print more than it holds. */
    static final int MAX_SHOWN = 1000;
    /** Longest source line and message shown: longer ones are cut around the place at fault. */
    static final int MAX_LINE = 160, MAX_MESSAGE = 400;

    private Diagnostics() {}

    /** The diagnostics in order (at most MAX_SHOWN, then a count of the rest), each followed by its source line and caret. */
    public static String render(List<Diagnostic> diagnostics, SourceText source) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics.subList(0, Math.min(diagnostics.size(), MAX_SHOWN))) {
            out.append(render(d, source));
        }
        if (diagnostics.size() > MAX_SHOWN) {
            long errors = diagnostics.subList(MAX_SHOWN, diagnostics.size()).stream().filter(Diagnostic::isError).count();
            out.append(String.format("... and %,d more errors and %,d more warnings not shown%n", errors,
                    diagnostics.size() - MAX_SHOWN - errors));
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
                .append(d.severity().label()).append(": ").append(cut(d.message(), MAX_MESSAGE)).append('\n');
        if (p.line() < 1 || p.line() > source.lineCount()) {
            return out.toString();
        }
        String line = source.line(p.line());
        int col = p.col();
        if (line.length() > MAX_LINE) {                   // show the part around the column, marked as cut
            int from = Math.max(0, Math.min(col - 1 - MAX_LINE / 2, line.length() - MAX_LINE));
            String window = line.substring(from, from + MAX_LINE);
            line = (from > 0 ? "…" : "") + window + (from + MAX_LINE < line.length() ? "…" : "");
            col = col - from + (from > 0 ? 1 : 0);
        }
        out.append("    ").append(line).append('\n').append("    ");
        // Echo tabs as tabs so the caret lands under the same column whatever the terminal's tab width.
        int before = Math.min(col - 1, line.length());
        for (int i = 0; i < before; i++) {
            out.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        for (int i = before; i < col - 1; i++) {
            out.append(' ');
        }
        return out.append("^\n").toString();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "… (" + String.format("%,d", text.length()) + " characters)";
    }
}
