package elvis.util;

/**
 * A mistake in a file a simulation reads (a DNS zone, a delay profile, a bandwidth trace, a generator
 * or loss-model spec), located at file, line and column (1-based; a column counts characters). Its message is {@code file:line:column: reason},
 * the form of every other located error; it carries no stack trace worth printing.
 */
public final class SourceError extends Exception {
    private final String file;
    private final int line, column;
    private final String reason;

    public SourceError(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason, null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    /** The message without its place. */
    public String reason() { return reason; }
}
