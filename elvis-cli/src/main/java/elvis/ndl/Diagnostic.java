package elvis.ndl;

/** One message about an NDL file, anchored at the place at fault. */
public record Diagnostic(Severity severity, Pos pos, String message) {

    public enum Severity {
        ERROR, WARNING;

        String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
