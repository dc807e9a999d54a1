package elvis.link;

import elvis.util.LongIntMap;

import java.util.Arrays;

/**
 * A switched network's index of which ports want which broadcasts: per {@link FloodKey}, the ports
 * that declared it, and ({@link FloodKey#EVERY_PORT}) the ports that want every broadcast, so a
 * flooded frame finds its receivers in time proportional to their number, not the network's size.
 * Made when the network first floods a frame it may skip ports for; kept current by
 * {@link Network#interestChanged}.
 * <p>
 * Each list is an ascending array of ports in which a port that left is marked (its sign bit set)
 * rather than removed, so leaving costs a binary search, not a shift of the ports after it (100,000
 * DHCP clients leaving the list of interfaces without an address, one by one, would be quadratic);
 * a list is compacted when half of it is marked. Readers skip negative entries.
 */
final class FloodIndex implements FloodInterest {
    private static final int[] NO_PORTS = new int[0];
    private static final int LEFT = 0x8000_0000;

    private final LongIntMap slotOfKey = new LongIntMap();
    private int[][] portsOfSlot = new int[8][];
    private int[] countOfSlot = new int[8], leftOfSlot = new int[8];
    private long[][] keysOfPort = new long[8][];   // what each port declared (EVERY_PORT alone: it wants every broadcast); null: nothing yet
    private long[] declared = new long[4];          // the keys being declared by one port
    private int declaredCount;

    @Override
    public void want(long key) {
        for (int i = 0; i < declaredCount; i++) if (declared[i] == key) return;
        if (declaredCount == declared.length) declared = Arrays.copyOf(declared, declaredCount * 2);
        declared[declaredCount++] = key;
    }

    /**
     * Asks {@code receiver}, on {@code port}, again what it wants, and moves the port only in the
     * lists whose keys came or went (a client bound by DHCP leaves one list and joins one).
     */
    void refresh(int port, FrameReceiver receiver) {
        if (port >= keysOfPort.length) keysOfPort = Arrays.copyOf(keysOfPort, Math.max(port + 1, keysOfPort.length * 2));
        declaredCount = 0;
        if (!receiver.floodInterest(this)) {
            declaredCount = 0;
            want(FloodKey.EVERY_PORT);
        }
        long[] old = keysOfPort[port];
        if (old != null && old.length == declaredCount && Arrays.equals(old, 0, old.length, declared, 0, declaredCount)) return;
        long[] keys = Arrays.copyOf(declared, declaredCount);
        if (old != null) for (long k : old) if (!contains(keys, k)) leave(k, port);
        for (long k : keys) if (old == null || !contains(old, k)) join(k, port);
        keysOfPort[port] = keys;
    }

    private static boolean contains(long[] keys, long key) {
        for (long k : keys) if (k == key) return true;
        return false;
    }

    private void join(long key, int port) {
        int slot = slotOfKey.get(key, -1);
        if (slot < 0) {
            slot = slotOfKey.size();
            if (slot == portsOfSlot.length) {
                portsOfSlot = Arrays.copyOf(portsOfSlot, slot * 2);
                countOfSlot = Arrays.copyOf(countOfSlot, slot * 2);
                leftOfSlot = Arrays.copyOf(leftOfSlot, slot * 2);
            }
            portsOfSlot[slot] = NO_PORTS;
            slotOfKey.put(key, slot);
        }
        int[] a = portsOfSlot[slot];
        int n = countOfSlot[slot];
        if (n == 0 || (a[n - 1] & ~LEFT) < port) {          // usually appended: ports declare in order
            if (n == a.length) portsOfSlot[slot] = a = Arrays.copyOf(a, Math.max(4, n * 2));
            a[n] = port;
            countOfSlot[slot]++;
            return;
        }
        int at = find(a, n, port);
        if (at >= 0) {                                       // it left this list before: back in its place
            a[at] = port;
            leftOfSlot[slot]--;
            return;
        }
        at = -at - 1;
        if (n == a.length) portsOfSlot[slot] = a = Arrays.copyOf(a, n * 2);
        System.arraycopy(a, at, a, at + 1, n - at);
        a[at] = port;
        countOfSlot[slot]++;
    }

    private void leave(long key, int port) {
        int slot = slotOfKey.get(key, -1);
        int[] a = portsOfSlot[slot];
        a[find(a, countOfSlot[slot], port)] |= LEFT;
        if (++leftOfSlot[slot] * 2 > countOfSlot[slot]) {    // compact
            int n = 0;
            for (int i = 0; i < countOfSlot[slot]; i++) if (a[i] >= 0) a[n++] = a[i];
            countOfSlot[slot] = n;
            leftOfSlot[slot] = 0;
        }
    }

    /** The index of {@code port} (marked or not) among the first {@code n} of {@code a}, or -(insertion point) - 1. */
    private static int find(int[] a, int n, int port) {
        int lo = 0, hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1, v = a[mid] & ~LEFT;
            if (v < port) lo = mid + 1;
            else if (v > port) hi = mid - 1;
            else return mid;
        }
        return -lo - 1;
    }

    /** The ports that declared {@code key}: the first {@link #count} entries, ascending; negative ones left. */
    int[] ports(long key) {
        int slot = slotOfKey.get(key, -1);
        return slot < 0 ? NO_PORTS : portsOfSlot[slot];
    }

    int count(long key) {
        int slot = slotOfKey.get(key, -1);
        return slot < 0 ? 0 : countOfSlot[slot];
    }

    /** True when {@code port} declared {@code key}, or wants every broadcast (for tests and inspection). */
    boolean wants(int port, long key) {
        if (port >= keysOfPort.length || keysOfPort[port] == null) return false;
        for (long k : keysOfPort[port]) if (k == key || k == FloodKey.EVERY_PORT) return true;
        return false;
    }
}
