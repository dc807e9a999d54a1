package elvis.web.modnet;

/**
 * Content-defined chunking (LBFS-style) with a rolling polynomial hash over a window of
 * {@link #WINDOW} bytes: a chunk ends after a byte where the hash of the window ending there hits
 * the boundary condition, so boundaries depend on the bytes around them, not on offsets, and an
 * insertion moves only the boundaries near it. Chunks are at least {@code min} and at most
 * {@code max} bytes; the condition {@code hash mod (avg − min) = 0} makes them {@code avg} bytes on
 * average on varied content. The hash is a Rabin–Karp polynomial over 2⁶⁴ of a fixed random image
 * of each byte (the substitution spreads text's few distinct bytes over all 64 bits), equivalent for
 * chunking to a Rabin fingerprint over GF(2).
 *
 * <p>Feed bytes in any pieces: {@link #next} returns where the next boundary falls in the piece, and
 * the state carries over between pieces, so the boundaries of a stream do not depend on how it was
 * read.
 */
final class Chunker {
    static final int WINDOW = 48;
    private static final long MULTIPLIER = 0x100000001B3L;      // odd: the polynomial's base
    private static final long[] IMAGE = new long[256];
    private static final long OUT;                              // MULTIPLIER^WINDOW: removes the byte leaving the window

    static {
        long x = 0x243F6A8885A308D3L;                            // fixed: boundaries must not change between runs
        for (int i = 0; i < 256; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            IMAGE[i] = z ^ (z >>> 31);
        }
        long p = 1;
        for (int i = 0; i < WINDOW; i++) p *= MULTIPLIER;
        OUT = p;
    }

    private final int min, max;
    private final long divisor;
    private final byte[] window = new byte[WINDOW];
    private long hash;
    private int length;                 // bytes in the current chunk so far

    Chunker(int min, int avg, int max) {
        if (min < WINDOW || avg <= min || max < avg)
            throw new IllegalArgumentException("chunk sizes must be " + WINDOW + " ≤ min < avg ≤ max: " + min + ", " + avg + ", " + max);
        this.min = min;
        this.max = max;
        this.divisor = avg - min;
    }

    /**
     * How many bytes of {@code data[from, to)} complete the current chunk, or -1 when none of them
     * ends it (the chunk continues into the next piece).
     */
    int next(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = data[i] & 0xFF;
            int slot = length % WINDOW;
            hash = hash * MULTIPLIER + IMAGE[b] - (length >= WINDOW ? OUT * IMAGE[window[slot] & 0xFF] : 0);
            window[slot] = (byte) b;
            length++;
            if (length >= max || length >= min && Long.remainderUnsigned(mix(hash), divisor) == 0) {
                length = 0;
                hash = 0;
                return i + 1 - from;
            }
        }
        return -1;
    }

    /** Bytes of the chunk in progress. */
    int pending() { return length; }

    /** Ends the chunk in progress here (the bytes so far leave as a chunk of their own). */
    void cut() {
        length = 0;
        hash = 0;
    }

    /** The low bits of a polynomial hash are weak (the multiplier's): mix all 64 into them. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 33);
    }
}
