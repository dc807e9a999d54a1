package elvis.routing.global;

import elvis.protocol.ipv4.Ipv4Address;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every network prefix of a simulation, numbered from 0 in the order first seen: the one index all
 * routers' {@link RouterTable}s are arrays over, so a router stores two bytes per prefix instead of
 * a route. Longest-prefix match probes one open-addressing table per prefix length present, longest
 * first (a simulation has few lengths: /24, /30 and the like). Immutable once built.
 */
final class PrefixIndex {
    private final int[] prefixes;
    private final byte[] lengths;
    private final int[] byLength;           // the lengths present, longest first
    private final int[][] keys, ids;        // per entry of byLength: prefix -> id + 1 (0 = empty slot)

    private PrefixIndex(int[] prefixes, byte[] lengths) {
        this.prefixes = prefixes;
        this.lengths = lengths;
        int[] count = new int[33];
        for (byte l : lengths) count[l]++;
        byLength = java.util.stream.IntStream.rangeClosed(0, 32).map(i -> 32 - i).filter(l -> count[l] > 0).toArray();
        keys = new int[byLength.length][];
        ids = new int[byLength.length][];
        for (int i = 0; i < byLength.length; i++) {
            int capacity = Integer.highestOneBit(Math.max(2, count[byLength[i]]) * 2 - 1) * 2;
            keys[i] = new int[capacity];
            ids[i] = new int[capacity];
        }
        for (int id = 0; id < prefixes.length; id++) {
            int i = slotOfLength(lengths[id]);
            int mask = keys[i].length - 1;
            int h = hash(prefixes[id]) & mask;
            while (ids[i][h] != 0) h = (h + 1) & mask;
            keys[i][h] = prefixes[id];
            ids[i][h] = id + 1;
        }
    }

    private int slotOfLength(int length) {
        for (int i = 0; i < byLength.length; i++) if (byLength[i] == length) return i;
        throw new IllegalArgumentException("no prefix of length " + length);
    }

    private static int hash(int prefix) { return (prefix * 0x9E3779B9) ^ (prefix >>> 16); }

    int size() { return prefixes.length; }

    int prefix(int id) { return prefixes[id]; }

    int length(int id) { return lengths[id]; }

    /** How many distinct prefix lengths there are. */
    int lengthCount() { return byLength.length; }

    /** The {@code i}th prefix length present, longest first. */
    int lengthAt(int i) { return byLength[i]; }

    /** The id of the prefix of length {@link #lengthAt lengthAt(i)} that contains {@code dst}, or -1. */
    int find(int dst, int i) {
        int prefix = dst & Ipv4Address.mask(byLength[i]);
        int[] k = keys[i], v = ids[i];
        int mask = k.length - 1;
        for (int h = hash(prefix) & mask; v[h] != 0; h = (h + 1) & mask) if (k[h] == prefix) return v[h] - 1;
        return -1;
    }

    /** Numbers prefixes as they are added. */
    static final class Builder {
        private final Map<Long, Integer> seen = new HashMap<>();
        private int[] prefixes = new int[16];
        private byte[] lengths = new byte[16];

        /** The id of prefix/length (host bits cleared), a new one if it was not added before. */
        int add(int prefix, int length) {
            int p = prefix & Ipv4Address.mask(length);
            Integer known = seen.putIfAbsent((long) p << 8 | length, seen.size());
            if (known != null) return known;
            int id = seen.size() - 1;
            if (id == prefixes.length) {
                prefixes = Arrays.copyOf(prefixes, id * 2);
                lengths = Arrays.copyOf(lengths, id * 2);
            }
            prefixes[id] = p;
            lengths[id] = (byte) length;
            return id;
        }

        PrefixIndex build() {
            return new PrefixIndex(Arrays.copyOf(prefixes, seen.size()), Arrays.copyOf(lengths, seen.size()));
        }
    }
}
