package elvis.cpu;

import elvis.machine.Machine;
import elvis.sim.Simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A machine's solid-state disk (REQUIREMENTS.md §9.2): reads and writes of N bytes take virtual time
 * and complete at exact instants. Off unless declared ({@link #install}): a machine without one holds
 * nothing for it.
 *
 * <p>The model. An operation occupies one of {@code queueDepth} slots (the device's command queue,
 * SATA NCQ's 32) from admission to completion; beyond that, operations wait in FIFO order for a slot.
 * Admitted operations share one transfer engine in FIFO order, each holding it for its service time
 * {@code max(1 / IOPS, bytes / bandwidth)} (the IOPS are rated at 4 KB), then finish
 * {@code latency} later (the flash access and the command's round trip, which overlap across slots).
 * So one operation alone takes service + latency, small operations at full queue depth reach the
 * rated IOPS, and large ones the bandwidth. Since everything is FIFO, an operation's completion is
 * known when it is issued: one kernel event per operation, no queue to walk.
 */
public final class Disk {
    /** The largest single operation, 1 GB (larger ones are split by the caller). */
    public static final long MAX_OPERATION = 1L << 30;

    /**
     * A device's figures.
     *
     * @param readIops   4 KB reads per second at full queue depth
     * @param writeIops  4 KB writes per second at full queue depth
     * @param bandwidthBps sequential transfer rate, bit/s
     * @param queueDepth operations the device works on at once
     * @param latencyNs  the time an operation takes beyond its transfer (overlapped across slots)
     */
    public record Config(long readIops, long writeIops, long bandwidthBps, int queueDepth, long latencyNs) {
        /**
         * ModNet's SSD (256 GB, SATA-III): 100 K read and 90 K write IOPS at 4 KB as the paper gives;
         * 4.4 Gbit/s (550 MB/s, SATA-III's practical ceiling), queue depth 32 (NCQ) and 100 µs latency
         * are assumptions, chosen so the rated IOPS need the full queue.
         */
        public static final Config SSD = new Config(100_000, 90_000, 4_400_000_000L, 32, 100_000);

        public Config {
            if (readIops < 1 || writeIops < 1) throw new IllegalArgumentException("IOPS must be at least 1");
            if (bandwidthBps < 1) throw new IllegalArgumentException("bandwidth must be at least 1 bit/s");
            if (queueDepth < 1) throw new IllegalArgumentException("queue depth must be at least 1");
            if (latencyNs < 0) throw new IllegalArgumentException("latency must not be negative");
        }

        /**
         * How long an operation of {@code bytes} holds the transfer engine: a command's share of the
         * IOPS or its bytes at the bandwidth, whichever is longer (so 4 KB operations are IOPS-bound and
         * large ones bandwidth-bound, as on a real SSD).
         */
        public long serviceNs(boolean write, long bytes) {
            long commandNs = Math.ceilDiv(1_000_000_000L, write ? writeIops : readIops);
            long transferNs = Math.ceilDiv(bytes * 8_000_000_000L, bandwidthBps);   // bytes ≤ MAX_OPERATION: no overflow
            return Math.max(commandNs, transferNs);
        }
    }

    private final Simulator sim;
    private final Config config;
    private final long[] slotFreeAt;   // completion times of the last queueDepth operations, a ring
    private int ring;                  // the oldest of them
    private long engineFreeAt;         // when the transfer engine finishes what was issued so far
    private long[] pending = new long[16];  // completion times of operations not yet complete, FIFO ring
    private int pendingHead, pendingCount;
    private long reads, writes, bytesRead, bytesWritten, busyNs;

    public Disk(Simulator sim, Config config) {
        this.sim = sim;
        this.config = config;
        this.slotFreeAt = new long[config.queueDepth()];
    }

    /** Gives {@code machine} a disk with {@code config} (made once; a second call returns the first). */
    public static Disk install(Machine machine, Config config) {
        return machine.extension(Disk.class, m -> new Disk(m.sim(), config));
    }

    /** The machine's disk, or null when it declared none. */
    public static Disk of(Machine machine) { return machine.existingExtension(Disk.class); }

    public Config config() { return config; }

    /** Reads {@code bytes}; {@code done} runs in the kernel event at the completion instant. A process blocks with {@code p.await(done -> disk.read(n, done))}. */
    public void read(long bytes, Runnable done) { issue(false, bytes, done); }

    /** Writes {@code bytes}; {@code done} runs at the completion instant. A process blocks with {@code p.await(done -> disk.write(n, done))}. */
    public void write(long bytes, Runnable done) { issue(true, bytes, done); }

    private void issue(boolean write, long bytes, Runnable done) {
        if (bytes < 0 || bytes > MAX_OPERATION) throw new IllegalArgumentException("disk operation of " + bytes + " bytes: 0 to 1 GB");
        long doneAt = completionIfIssued(write, bytes);
        long service = config.serviceNs(write, bytes);
        slotFreeAt[ring] = doneAt;
        ring = (ring + 1) % slotFreeAt.length;
        engineFreeAt = doneAt - config.latencyNs();
        busyNs += service;
        if (write) { writes++; bytesWritten += bytes; } else { reads++; bytesRead += bytes; }
        prune();
        if (pendingCount == pending.length) grow();
        pending[(pendingHead + pendingCount++) % pending.length] = doneAt;
        sim.at(doneAt, done);
    }

    /** The instant an operation issued now would complete: admitted when the operation queueDepth places ahead completes, then served in turn. */
    private long completionIfIssued(boolean write, long bytes) {
        long now = sim.now();
        long admitted = Math.max(now, slotFreeAt[ring]);
        long start = Math.max(admitted, engineFreeAt);
        return start + config.serviceNs(write, bytes) + config.latencyNs();
    }

    /** Operations issued and not yet complete (queued for a slot or in the device): the swap module's adaptation input. */
    public int outstanding() {
        prune();
        return pendingCount;
    }

    /** How long an operation of {@code bytes} issued now would take, given those outstanding. */
    public long expectedDelayNs(boolean write, long bytes) { return completionIfIssued(write, bytes) - sim.now(); }

    /** The throughput, bytes per second, an operation of {@code bytes} issued now would see: its size over its expected delay. */
    public double expectedThroughput(boolean write, long bytes) {
        return bytes * 1e9 / Math.max(1, expectedDelayNs(write, bytes));
    }

    private void prune() {
        long now = sim.now();
        while (pendingCount > 0 && pending[pendingHead] <= now) {
            pendingHead = (pendingHead + 1) % pending.length;
            pendingCount--;
        }
    }

    private void grow() {
        long[] bigger = new long[pending.length * 2];
        for (int i = 0; i < pendingCount; i++) bigger[i] = pending[(pendingHead + i) % pending.length];
        pending = bigger;
        pendingHead = 0;
    }

    public long reads() { return reads; }
    public long writes() { return writes; }
    public long bytesRead() { return bytesRead; }
    public long bytesWritten() { return bytesWritten; }

    /** Time the transfer engine was busy (sum of service times issued), for utilisation. */
    public long busyNs() { return busyNs; }

    /** The counters for the JSON results. */
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("reads", reads);
        r.put("writes", writes);
        r.put("bytes_read", bytesRead);
        r.put("bytes_written", bytesWritten);
        r.put("busy_ns", busyNs);
        return r;
    }
}
