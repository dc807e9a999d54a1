package elvis.dummynet.rules;

import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of IPv4 prefixes (ipfw's lookup table, and the {@code {a,b,c}} lists): one open-addressing
 * hash set of masked addresses per prefix length in use, so a lookup costs one probe per distinct
 * length (at most 33) whatever the number of entries.
 */
public final class AddressTable {
    private static final int EMPTY = 0, FULL = 1;
    private final int[][] keys = new int[33][];
    private final byte[][] used = new byte[33][];
    private final int[] sizes = new int[33];
    private int[] lengths = new int[0];        // the prefix lengths in use, longest first
    private int size;

    /** Adds {@code prefix}/{@code length}; false when it was there. */
    public boolean add(int prefix, int length) {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length must be 0..32: " + length);
        int key = prefix & Ipv4Address.mask(length);
        if (keys[length] == null) {
            keys[length] = new int[8];
            used[length] = new byte[8];
            int[] l = java.util.Arrays.copyOf(lengths, lengths.length + 1);
            l[l.length - 1] = length;
            java.util.Arrays.sort(l);
            for (int i = 0; i < l.length / 2; i++) { int t = l[i]; l[i] = l[l.length - 1 - i]; l[l.length - 1 - i] = t; }
            lengths = l;
        } else if ((sizes[length] + 1) * 2 > keys[length].length) {
            grow(length);
        }
        if (!insert(keys[length], used[length], key)) return false;
        sizes[length]++;
        size++;
        return true;
    }

    private static boolean insert(int[] k, byte[] u, int key) {
        int m = k.length - 1;
        for (int i = hash(key) & m; ; i = (i + 1) & m) {
            if (u[i] == EMPTY) { u[i] = FULL; k[i] = key; return true; }
            if (k[i] == key) return false;
        }
    }

    private void grow(int length) {
        int[] ok = keys[length];
        byte[] ou = used[length];
        int[] nk = new int[ok.length * 2];
        byte[] nu = new byte[ok.length * 2];
        for (int i = 0; i < ok.length; i++) if (ou[i] == FULL) insert(nk, nu, ok[i]);
        keys[length] = nk;
        used[length] = nu;
    }

    private static int hash(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** True when some prefix of the set covers {@code ip}. */
    public boolean contains(int ip) {
        for (int length : lengths) {
            int[] k = keys[length];
            byte[] u = used[length];
            int key = ip & Ipv4Address.mask(length), m = k.length - 1;
            for (int i = hash(key) & m; u[i] == FULL; i = (i + 1) & m) if (k[i] == key) return true;
        }
        return false;
    }

    public int size() { return size; }

    /** The entries as a.b.c.d/len, longest prefixes first (for show output). */
    public List<String> entries() {
        List<String> all = new ArrayList<>();
        for (int length : lengths) {
            List<Integer> these = new ArrayList<>();
            for (int i = 0; i < keys[length].length; i++) if (used[length][i] == FULL) these.add(keys[length][i]);
            these.sort(Integer::compareUnsigned);
            for (int key : these) all.add(Ipv4Address.format(key) + "/" + length);
        }
        return all;
    }
}
