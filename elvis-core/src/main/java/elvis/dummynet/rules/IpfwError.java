package elvis.dummynet.rules;

/**
 * A bad ipfw line: what is wrong and where (1-based line of the text given to the loader, 1-based
 * column in that line), so a caller can map it into its own file (an NDL section's body).
 */
public final class IpfwError extends IllegalArgumentException {
    private final int line, column;

    public IpfwError(int line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() { return line; }
    public int column() { return column; }

    /** A copy placed on {@code line}, {@code columnOffset} columns further right (for a line inside a larger text). */
    public IpfwError at(int line, int columnOffset) { return new IpfwError(line, column + columnOffset, getMessage()); }

    @Override
    public String toString() { return line + ":" + column + ": " + getMessage(); }
}
