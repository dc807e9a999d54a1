package elvis.ndl;

/** One message about an NDL file, anchored at the place at fault. */
public record Diagnostic(Severity severity, Pos pos, String message) {

    public enum Severity {
        ERROR, WARNING,
        /** What the checker derived for the user where it is not obvious (an address plan it widened). */
        NOTE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
