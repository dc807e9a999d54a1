package elvis.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid name nearest to a misspelled one, for "did you mean" hints. */
public final class Suggest {

    /** Longer words are not compared: they are not typos of a name, and comparing costs length squared. */
    private static final int MAX_LENGTH = 64;
    /** Beyond this many names a hint is not worth comparing against each (and files that big are generated). */
    private static final int MAX_CANDIDATES = 1000;

    private Suggest() {}

    /** The candidate nearest to {@code word} (ignoring case), if close enough to be a plausible typo. */
    public static Optional<String> nearest(String word, Collection<String> candidates) {
        return nearest(word, candidates, Math.max(1, word.length() / 3));
    }

    public static Optional<String> nearest(String word, Collection<String> candidates, int maxDistance) {
        if (word.length() > MAX_LENGTH || candidates.size() > MAX_CANDIDATES) {
            return Optional.empty();
        }
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String c : candidates) {
            if (c.length() > MAX_LENGTH) {
                continue;
            }
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "; did you mean 'x'?" or "" when nothing is close. */
    public static String hint(String word, Collection<String> candidates) {
        return nearest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions, transpositions. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
