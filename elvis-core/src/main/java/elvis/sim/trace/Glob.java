package elvis.sim.trace;

/**
 * A pattern over trace source paths: {@code *} matches any run of characters, {@code /} included,
 * {@code ?} any one character, every other character itself. So {@code *}{@code /cwnd} selects every
 * connection's congestion window and {@code server/*} everything machine {@code server} publishes.
 */
public record Glob(String pattern) {
    public Glob {
        if (pattern.isEmpty()) throw new IllegalArgumentException("an empty trace pattern");
    }

    /** Whether {@code path} (which has no wildcards) matches. */
    public boolean matches(String path) {
        int p = 0, s = 0, star = -1, resume = 0;
        while (s < path.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == path.charAt(s))) {
                p++;
                s++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = s;
            } else if (star >= 0) {               // let the last star take one more character
                p = star + 1;
                s = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /**
     * Whether some path matches both this and {@code family}, a pattern whose wildcards stand for the
     * parts a run fills in later (a connection's addresses): how a pattern is checked before a run.
     */
    public boolean overlaps(String family) {
        return overlap(pattern, 0, family, 0, new byte[(pattern.length() + 1) * (family.length() + 1)]);
    }

    private static boolean overlap(String a, int i, String b, int j, byte[] memo) {
        int key = i * (b.length() + 1) + j;
        if (memo[key] != 0) return memo[key] > 0;
        boolean r;
        if (i == a.length() && j == b.length()) r = true;
        else if (i < a.length() && a.charAt(i) == '*') r = overlap(a, i + 1, b, j, memo) || (j < b.length() && overlap(a, i, b, j + 1, memo));
        else if (j < b.length() && b.charAt(j) == '*') r = overlap(a, i, b, j + 1, memo) || (i < a.length() && overlap(a, i + 1, b, j, memo));
        else r = i < a.length() && j < b.length()
                && (a.charAt(i) == b.charAt(j) || a.charAt(i) == '?' || b.charAt(j) == '?')
                && overlap(a, i + 1, b, j + 1, memo);
        memo[key] = (byte) (r ? 1 : -1);
        return r;
    }

    @Override
    public String toString() { return pattern; }
}
