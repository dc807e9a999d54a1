package elvis.cli.generate;

/**
 * Builds NDL text: one section per line, two spaces per level, values always quoted (a quote or a
 * backslash in a value is escaped), so generators never think about NDL's lexical rules.
 */
public final class NdlWriter {
    private final StringBuilder text = new StringBuilder();

    /** A comment line at the top level ({@code # …}); each line of {@code lines} becomes one. */
    public NdlWriter comment(String lines) {
        for (String line : lines.split("\n", -1)) text.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        return this;
    }

    /**
     * {@code [name key='value' …]} at nesting {@code depth} (0 = top level); {@code keyValues} alternate
     * key and value, and a null value leaves its key out (an option the user did not give).
     */
    public NdlWriter section(int depth, String name, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up: " + name);
        text.repeat("  ", depth).append('[').append(name);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) continue;
            text.append(' ').append(keyValues[i]).append("='").append(quote(keyValues[i + 1].toString())).append('\'');
        }
        text.append("]\n");
        return this;
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    @Override
    public String toString() { return text.toString(); }
}
