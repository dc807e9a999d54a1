package elvis.ndl;

/**
 * One {@code key='value'} argument of a section, with the positions of the key and of the value.
 * The positions are kept as numbers and made on request: a file has millions of arguments, and two
 * position objects each would cost more than the argument itself.
 */
public final class Arg {
    private final String key, value, file;
    private final int line, keyCol, valueLine, valueCol;

    public Arg(String key, Pos keyPos, String value, Pos valuePos) {
        this.key = key;
        this.value = value;
        this.file = keyPos.file();
        this.line = keyPos.line();
        this.keyCol = keyPos.col();
        this.valueLine = valuePos.line();
        this.valueCol = valuePos.col();
    }

    public String key() { return key; }

    public String value() { return value; }

    public Pos keyPos() { return new Pos(file, line, keyCol); }

    public Pos valuePos() { return new Pos(file, valueLine, valueCol); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Arg a && key.equals(a.key) && value.equals(a.value) && file.equals(a.file) && line == a.line
                && keyCol == a.keyCol && valueLine == a.valueLine && valueCol == a.valueCol;
    }

    @Override
    public int hashCode() { return (key.hashCode() * 31 + value.hashCode()) * 31 + line * 131 + keyCol; }

    @Override
    public String toString() { return "Arg[key=" + key + ", keyPos=" + keyPos() + ", value=" + value + ", valuePos=" + valuePos() + "]"; }
}
