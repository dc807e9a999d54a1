package elvis.routing;

/** Placeholder until step 0's Prefix lands on main (the merge takes main's file). */
public record Prefix(int address, int length) {
    public Prefix {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length " + length);
        address &= length == 0 ? 0 : -1 << (32 - length);
    }
}
