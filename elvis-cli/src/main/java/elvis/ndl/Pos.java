package elvis.ndl;

/** A place in an NDL file: 1-based line and column (columns count UTF-16 characters, a tab is one column). */
public record Pos(String file, int line, int col) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
