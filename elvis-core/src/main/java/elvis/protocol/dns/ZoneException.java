package elvis.protocol.dns;

/** A master file that is not valid, with the place: "example.com.zone:12:5: unknown type 'AX'". */
public final class ZoneException extends Exception {
    private final String file;
    private final int line, column;
    private final String reason;

    public ZoneException(String file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason, null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    /** The message without the place. */
    public String reason() { return reason; }
}
