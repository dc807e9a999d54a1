package elvis.link;

import elvis.util.LongIntMap;

import java.util.Arrays;

/**
 * A switched network's index of which ports want which broadcasts: per {@link FloodKey}, the ports
 * that declared it, and the ports that want every broadcast, each a sorted array of port numbers, so
 * a flooded frame finds its receivers in time proportional to their number, not the network's size.
 * Made when the network first floods a frame it may skip ports for; kept current by
 * {@link Network#interestChanged}.
 */
final class FloodIndex implements FloodInterest {
    private static final int[] NO_PORTS = new int[0];

    private final LongIntMap slotOfKey = new LongIntMap();
    private int[][] portsOfSlot = new int[8][];
    private int[] countOfSlot = new int[8];
    private int[] everyPort = NO_PORTS;       // ports that want every broadcast, sorted
    private int everyPortCount;
    private long[][] keysOfPort = new long[8][];   // what each port declared; null: it wants every broadcast
    private long[] declared = new long[4];          // the keys being declared by one port
    private int declaredCount;

    @Override
    public void want(long key) {
        for (int i = 0; i < declaredCount; i++) if (declared[i] == key) return;
        if (declaredCount == declared.length) declared = Arrays.copyOf(declared, declaredCount * 2);
        declared[declaredCount++] = key;
    }

    /** Asks {@code receiver}, on {@code port}, again what it wants. */
    void refresh(int port, FrameReceiver receiver) {
        if (port >= keysOfPort.length) keysOfPort = Arrays.copyOf(keysOfPort, Math.max(port + 1, keysOfPort.length * 2));
        forget(port);
        declaredCount = 0;
        if (!receiver.floodInterest(this)) {
            everyPort = insert(everyPort, everyPortCount++, port);
            keysOfPort[port] = null;
            return;
        }
        long[] keys = Arrays.copyOf(declared, declaredCount);
        keysOfPort[port] = keys;
        for (long k : keys) {
            int slot = slotOfKey.get(k, -1);
            if (slot < 0) {
                slot = slotOfKey.size();
                if (slot == portsOfSlot.length) {
                    portsOfSlot = Arrays.copyOf(portsOfSlot, slot * 2);
                    countOfSlot = Arrays.copyOf(countOfSlot, slot * 2);
                }
                portsOfSlot[slot] = NO_PORTS;
                slotOfKey.put(k, slot);
            }
            portsOfSlot[slot] = insert(portsOfSlot[slot], countOfSlot[slot]++, port);
        }
    }

    /** Removes {@code port} from wherever it was. */
    private void forget(int port) {
        long[] keys = keysOfPort[port];
        if (keys == null) {
            int at = Arrays.binarySearch(everyPort, 0, everyPortCount, port);
            if (at >= 0) remove(everyPort, everyPortCount--, at);
            return;
        }
        for (long k : keys) {
            int slot = slotOfKey.get(k, -1);
            int at = Arrays.binarySearch(portsOfSlot[slot], 0, countOfSlot[slot], port);
            remove(portsOfSlot[slot], countOfSlot[slot]--, at);
        }
        keysOfPort[port] = null;
    }

    /** The ports that declared {@code key} (the first {@link #count} entries), sorted. */
    int[] ports(long key) {
        int slot = slotOfKey.get(key, -1);
        return slot < 0 ? NO_PORTS : portsOfSlot[slot];
    }

    int count(long key) {
        int slot = slotOfKey.get(key, -1);
        return slot < 0 ? 0 : countOfSlot[slot];
    }

    /** The ports that want every broadcast (the first {@link #everyPortCount} entries), sorted. */
    int[] everyPort() { return everyPort; }
    int everyPortCount() { return everyPortCount; }

    /** True when {@code port} declared {@code key}, or wants every broadcast (for tests and inspection). */
    boolean wants(int port, long key) {
        if (port >= keysOfPort.length) return false;
        long[] keys = keysOfPort[port];
        if (keys == null) return Arrays.binarySearch(everyPort, 0, everyPortCount, port) >= 0;
        for (long k : keys) if (k == key) return true;
        return false;
    }

    private static int[] insert(int[] a, int count, int port) {
        if (count == a.length) a = Arrays.copyOf(a, Math.max(4, count * 2));
        int at = count;
        while (at > 0 && a[at - 1] > port) at--;     // ports mostly declare in order: usually appended
        System.arraycopy(a, at, a, at + 1, count - at);
        a[at] = port;
        return a;
    }

    private static void remove(int[] a, int count, int at) {
        System.arraycopy(a, at + 1, a, at, count - at - 1);
    }
}
