package elvis.web.modnet;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code buffer_memory}: the send-buffer memory of its machine, sampled every {@code interval}
 * (R-MN-9). Two measures: <b>native</b>, what a kernel would hold, every byte written and not yet
 * acknowledged (the TCP send buffers' unsent and unacknowledged bytes, plus what a {@code dedup}
 * module holds for its connections); and <b>dedup</b>, what is held here: the dedup module's
 * distinct chunks, their overhead and the chunks being cut, plus the TCP send buffers' bytes that are
 * not slices of those chunks (a socket's slice of a stored chunk is that one copy). Without a dedup
 * module the two are equal. Sampling starts at once and stops when the machine's buffers are empty
 * again after holding something, or at {@code until}.
 */
public final class BufferMemory implements Application {
    private final long intervalNs, untilNs;
    private Machine machine;
    private long samples, nativePeak, dedupPeak, lastNs = -1;
    private double nativeSum, dedupSum;
    private boolean seen;

    public BufferMemory(long intervalNs, long untilNs) {
        if (intervalNs <= 0) throw new IllegalArgumentException("interval must be positive");
        this.intervalNs = intervalNs;
        this.untilNs = untilNs;
    }

    @Override public String name() { return "buffer_memory"; }

    @Override
    public void start(Machine machine) {
        this.machine = machine;
        machine.sim().schedule(0, () -> machine.guard(this, this::sample));
    }

    private void sample() {
        long kernel = 0;
        for (TcpConnection c : Tcp.of(machine).connections()) kernel += c.unsentBytes() + c.unackedBytes();
        ChunkStore store = ChunkStore.existing(machine);
        long nat = kernel + (store == null ? 0 : store.heldBytes());
        long dedup = kernel + (store == null ? 0 : store.memoryBytes() - store.inSockets());
        samples++;
        nativeSum += nat;
        dedupSum += dedup;
        nativePeak = Math.max(nativePeak, nat);
        dedupPeak = Math.max(dedupPeak, dedup);
        lastNs = machine.sim().now();
        boolean empty = nat == 0 && dedup == 0;
        if (!empty) seen = true;
        if (seen && empty || lastNs + intervalNs > untilNs) return;
        machine.sim().schedule(intervalNs, () -> machine.guard(this, this::sample));
    }

    /** The most a kernel's send buffers would have held at once (bytes). */
    public long nativePeak() { return nativePeak; }

    /** The most held at once with the dedup module's sharing (bytes). */
    public long dedupPeak() { return dedupPeak; }

    @Override public long finishedAtNs() { return -1; }

    @Override
    public String summary() {
        return samples == 0 ? "not started" : String.format("send buffers: native peak %d B, dedup peak %d B (÷%.1f)", nativePeak, dedupPeak, ratio());
    }

    private double ratio() { return dedupPeak == 0 ? 1 : nativePeak / (double) dedupPeak; }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("samples", samples);
        r.put("native_peak_bytes", nativePeak);
        r.put("dedup_peak_bytes", dedupPeak);
        r.put("native_mean_bytes", samples == 0 ? 0 : Math.round(nativeSum / samples));
        r.put("dedup_mean_bytes", samples == 0 ? 0 : Math.round(dedupSum / samples));
        r.put("peak_ratio", Math.round(ratio() * 100) / 100.0);
        return r;
    }

    /** {@code buffer_memory}: {@code interval}, {@code until}. */
    public static final class Factory implements ApplicationFactory {
        static final long MAX = 8760L * 3600 * 1_000_000_000L;

        @Override
        public Schema schema() {
            return new Schema("buffer_memory", List.of(
                    Attribute.duration("interval", 1, MAX).byDefault(1_000_000L).doc("how often to sample the machine's send-buffer memory"),
                    Attribute.duration("until", 1, MAX).byDefault(60_000_000_000L).doc("stop sampling then at the latest")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            return new BufferMemory(a.duration("interval", 1_000_000L), a.duration("until", 60_000_000_000L));
        }
    }
}
