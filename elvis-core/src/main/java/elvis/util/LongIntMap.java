package elvis.util;

import java.util.Arrays;

/**
 * A primitive long→int hash map (open addressing, linear probing), so tables with a million
 * entries (MAC→port, IPv4→machine) cost about 24 bytes per entry instead of ~80 with boxing.
 */
public final class LongIntMap {
    private static final long FREE = Long.MIN_VALUE;  // keys never equal this sentinel
    private long[] keys;
    private int[] values;
    private int size;

    public LongIntMap() { this(8); }

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        Arrays.fill(keys, FREE);
        values = new int[cap];
    }

    public int size() { return size; }

    /** The value of {@code key}, or {@code missing}. */
    public int get(long key, int missing) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == FREE) return missing;
        }
    }

    public boolean containsKey(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) return true;
            if (keys[i] == FREE) return false;
        }
    }

    /** Associates {@code value} with {@code key}, replacing any previous value. */
    public void put(long key, int value) {
        if (key == FREE) throw new IllegalArgumentException("reserved key");
        if ((size + 1) * 2 > keys.length) grow();
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) { values[i] = value; return; }
            if (keys[i] == FREE) { keys[i] = key; values[i] = value; size++; return; }
        }
    }

    /** Removes {@code key}; returns whether it was there. */
    public boolean remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key) {
            if (keys[i] == FREE) return false;
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: move later entries of the probe run into the gap, so lookups
        // never stop early at a hole (no tombstones needed).
        int gap = i;
        for (int j = (gap + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            // j's entry may fill the gap if its home is not cyclically within (gap, j].
            boolean homeBetween = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
            if (!homeBetween) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                gap = j;
            }
        }
        keys[gap] = FREE;
        size--;
        return true;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        values = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldKeys[i] != FREE) put(oldKeys[i], oldValues[i]);
    }
}
