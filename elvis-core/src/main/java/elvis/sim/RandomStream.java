package elvis.sim;

/**
 * A deterministic random stream (SplitMix64). Each entity of a simulation owns its own stream,
 * seeded from (run seed, the entity's stable name), so a draw by one entity never shifts another's
 * sequence and results do not depend on construction order or thread count.
 */
public final class RandomStream {
    private long state;

    public RandomStream(long seed) { this.state = seed; }

    /** The stream for the entity called {@code name} in a run with seed {@code runSeed}. */
    public static RandomStream forEntity(long runSeed, String name) {
        return new RandomStream(mix(runSeed ^ nameKey(name)));
    }

    /** A 64-bit key of a stable name, the same in every run and partition (FNV-1a, then mixed). */
    public static long nameKey(String name) { return mix(fnv1a(name)); }

    public long nextLong() { return mix(state += 0x9E3779B97F4A7C15L); }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, bound), without modulo bias (Lemire's method). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) return r & m;
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) { /* reject */ }
        return r;
    }

    /** True with probability p. A p of 0 never draws, so adding a lossless pipe does not perturb a stream. */
    public boolean chance(double p) { return p > 0 && (p >= 1 || nextDouble() < p); }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
