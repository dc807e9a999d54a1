package elvis.web.load;

import elvis.sim.RandomStream;

import java.util.List;

/**
 * Which path each request asks for: always the same one, or one drawn uniformly from a list
 * (Rusty's corpus {@code /0.htm … /499.htm}, or the paths a description lists), from the
 * generator's seeded stream. A single path draws nothing, so it leaves the stream untouched.
 */
public final class PageChoice {
    private final String[] paths;

    private PageChoice(String[] paths) { this.paths = paths; }

    /** Every request asks for {@code path}. */
    public static PageChoice fixed(String path) { return new PageChoice(new String[] {path}); }

    /** Uniform over {@code paths}. */
    public static PageChoice uniform(List<String> paths) {
        if (paths.isEmpty()) throw new IllegalArgumentException("no paths to choose from");
        return new PageChoice(paths.toArray(String[]::new));
    }

    /** Rusty's corpus shape: uniform over {@code /0.htm … /(n−1).htm} (each of the n exactly, unlike its script's 0..n). */
    public static PageChoice corpus(int n) {
        if (n < 1) throw new IllegalArgumentException("pages must be positive: " + n);
        String[] p = new String[n];
        for (int i = 0; i < n; i++) p[i] = "/" + i + ".htm";
        return new PageChoice(p);
    }

    public String next(RandomStream random) {
        return paths.length == 1 ? paths[0] : paths[(int) random.nextLong(paths.length)];
    }

    public int size() { return paths.length; }

    /** How the choice reads in a summary: the path, or "one of N paths". */
    public String describe() { return paths.length == 1 ? paths[0] : "one of " + paths.length + " paths"; }
}
