package elvis.ndl;

/** One {@code key='value'} argument of a section, with the positions of the key and of the value. */
public record Arg(String key, Pos keyPos, String value, Pos valuePos) {}
