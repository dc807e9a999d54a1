package elvis.web.modnet;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.cpu.Cpu;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.modnet.Module;
import elvis.modnet.ModuleFactory;
import elvis.modnet.ModulePair;
import elvis.modnet.PairHandler;
import elvis.modnet.Side;
import elvis.protocol.tcp.TcpView;
import elvis.web.http.HttpLimits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ModNet's adaptive gzip module (R-MN-6, ModNet §5.3), applied to a web server: requests pass to the
 * server unchanged; responses are compressed with real DEFLATE ({@link GzipStream}) in blocks of
 * {@code block} body bytes. Before each block, when the real socket has taken everything compressed
 * so far (a write opportunity), the module reads the connection's live state ({@code inspect()}):
 * when the congestion window exceeds the data in the socket buffer (unacknowledged plus unsent), the
 * network is not the bottleneck and the level goes one down (cheaper, faster); otherwise it goes one
 * up (smaller). The level stays within [{@code min_level}, {@code max_level}]; {@code level} fixes it
 * (the mod_deflate baselines). A block is flushed out (a DEFLATE sync flush) when the real socket
 * has nothing unsent; otherwise DEFLATE may keep its output for later blocks, which compresses better.
 *
 * <p>Compressing takes CPU time when the machine has a CPU model (§9.1): a block of n bytes at level L
 * costs the machine's cost {@code deflate_lL} × n, or, when the machine declares cores but not that
 * cost, {@link #DEFAULT_NS_PER_BYTE}[L] × n (levels 9 : 6 : 1 take 4 : 2 : 1, the paper's ratios at
 * high bandwidth). Each connection compresses one block at a time, sharing the cores with the rest.
 * Without a CPU model, compression takes no virtual time.
 */
public final class GzipModule implements Module, PairHandler {
    /** Default CPU time per byte at levels 1..9 (index 0 unused): 5 ns at level 1 (200 MB/s per core), 10 at 6, 20 at 9. */
    public static final double[] DEFAULT_NS_PER_BYTE = {0, 5, 6, 7, 8, 9, 10, 12.5, 16, 20};
    /** Default body bytes compressed per write opportunity. */
    public static final int DEFAULT_BLOCK = 16 << 10;
    /** Most bytes read from an end at once. */
    private static final int READ = 64 << 10;

    private final String name;
    private final int minLevel, maxLevel, startLevel, block;
    private final boolean fixed;

    // Results over every connection and machine.
    private long connections, cpuNs;
    private final GzipStream.Counts counts = new GzipStream.Counts();

    /**
     * An adaptive module between {@code minLevel} and {@code maxLevel} starting at {@code startLevel},
     * or a fixed one when all three are equal.
     */
    public GzipModule(String name, int minLevel, int maxLevel, int startLevel, int block) {
        if (minLevel < 1 || maxLevel > 9 || minLevel > maxLevel) throw new IllegalArgumentException("levels must be 1 ≤ min ≤ max ≤ 9: " + minLevel + ", " + maxLevel);
        if (block < 1) throw new IllegalArgumentException("block must be positive: " + block);
        this.name = name;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.startLevel = Math.clamp(startLevel, minLevel, maxLevel);
        this.block = block;
        this.fixed = minLevel == maxLevel;
    }

    /** A module at one fixed level (Apache's mod_deflate at that level). */
    public static GzipModule fixed(String name, int level) { return new GzipModule(name, level, level, level, DEFAULT_BLOCK); }

    /** One connection's state. */
    private final class Connection {
        final GzipStream stream = new GzipStream(HttpLimits.DEFAULT, counts);
        final Cpu.Task cpu;
        final Cpu model;
        int level = startLevel;
        Message toClient = Message.EMPTY, toServer = Message.EMPTY;
        boolean computing, serverEnded, clientEnded, clientFinished, serverFinished, starved;

        Connection(Machine machine) {
            Cpu c = Cpu.existing(machine);
            model = c != null && c.configured() ? c : null;
            cpu = model == null ? null : model.task(GzipModule.this);
        }
    }

    @Override
    public void stolen(List<ModulePair> batch) {
        for (ModulePair p : batch) {
            connections++;
            p.attach(new Connection(p.machine()));
            p.handle(this);
        }
    }

    private static Connection of(ModulePair p) { return (Connection) p.attachment(); }

    @Override
    public void readable(ModulePair p, Side side) {
        Connection c = of(p);
        if (side == Side.RIGHT) {                           // a request: to the server as it is
            while (c.toServer.isEmpty() && !p.isClosed()) {
                Message m = p.recv(Side.RIGHT, READ);
                if (m.isEmpty()) return;
                c.stream.request(m);
                c.toServer = rest(m, p.send(Side.LEFT, m));
            }
            return;
        }
        c.starved = false;
        while (c.stream.rawQueued() < 4 * block && !p.isClosed()) {
            Message m = p.recv(Side.LEFT, READ);
            if (m.isEmpty()) break;
            c.stream.response(m);
            if (c.stream.failed()) {
                finish(c);
                p.fail(new IllegalStateException("gzip module " + name + ": the server's output is not HTTP"));
                return;
            }
        }
        pump(p, c);
    }

    @Override
    public void writable(ModulePair p, Side side) {
        Connection c = of(p);
        if (side == Side.LEFT) {
            c.toServer = rest(c.toServer, p.send(Side.LEFT, c.toServer));
            if (!c.toServer.isEmpty()) return;
            if (c.clientEnded) endServerSide(p, c);
            else p.resume(Side.RIGHT);
            return;
        }
        c.toClient = rest(c.toClient, p.send(Side.RIGHT, c.toClient));
        pump(p, c);
    }

    @Override
    public void peerClosed(ModulePair p, Side side) {
        Connection c = of(p);
        if (side == Side.RIGHT) {
            c.clientEnded = true;
            if (c.toServer.isEmpty()) endServerSide(p, c);
        } else {
            c.serverEnded = true;
            c.stream.responsesEnded();
            pump(p, c);
        }
    }

    /**
     * Compresses and sends while the client's end takes everything: one block per write opportunity,
     * its level chosen just before; with a CPU model, the block's bytes go out once its CPU time is done.
     */
    private void pump(ModulePair p, Connection c) {
        while (!p.isClosed() && !c.computing && c.toClient.isEmpty() && !c.stream.idle()) {
            int level = chooseLevel(p, c);
            // Flush the block out only when the socket has nothing left to send: a starving network
            // needs the bytes now, a busy one lets DEFLATE keep its block going (a better ratio).
            TcpView v = p.right().inspect();
            Message wire = c.stream.produce(block, level, v == null || v.unsentBytes() == 0);
            int raw = c.stream.lastCompressed;
            long ns = c.model == null || raw == 0 ? 0 : cost(c.model, level, raw);
            if (ns == 0) {
                c.toClient = rest(wire, p.send(Side.RIGHT, wire));
                continue;
            }
            c.computing = true;
            cpuNs += ns;
            c.cpu.run(ns, () -> {
                c.computing = false;
                if (p.isClosed()) return;
                c.toClient = rest(wire, p.send(Side.RIGHT, wire));
                pump(p, c);
            });
            return;
        }
        if (p.isClosed() || c.computing || !c.toClient.isEmpty() || !c.stream.idle()) return;
        if (c.stream.closeAfter() || c.serverEnded) {
            if (!c.clientFinished) {
                c.clientFinished = true;
                p.shutdownWrite(Side.RIGHT);
                closeIfDone(p, c);
            }
        } else if (!c.starved) {
            c.starved = true;           // everything taken: read the server again
            p.resume(Side.LEFT);
        }
    }

    /** ModNet's rule, at a write opportunity: down when cwnd exceeds the data in the socket buffer, else up. */
    private int chooseLevel(ModulePair p, Connection c) {
        if (fixed) return c.level;
        TcpView v = p.right().inspect();
        if (v != null) {
            long queued = v.unackedBytes() + v.unsentBytes();
            c.level = v.cwnd() > queued ? Math.max(minLevel, c.level - 1) : Math.min(maxLevel, c.level + 1);
        }
        return c.level;
    }

    /** The CPU time of {@code bytes} compressed at {@code level} on {@code cpu}. */
    static long cost(Cpu cpu, int level, long bytes) {
        return cpu.cost("deflate_l" + level, bytes, DEFAULT_NS_PER_BYTE[level]);
    }

    private void endServerSide(ModulePair p, Connection c) {
        if (c.serverFinished) return;
        c.serverFinished = true;
        p.shutdownWrite(Side.LEFT);
        closeIfDone(p, c);
    }

    private void closeIfDone(ModulePair p, Connection c) {
        if (c.clientFinished && c.serverFinished) {
            finish(c);
            p.close();
        }
    }

    /** Frees the connection's deflater. */
    private static void finish(Connection c) { c.stream.close(); }

    private static Message rest(Message m, int sent) { return sent == m.length() ? Message.EMPTY : m.slice(sent); }

    /** Body bytes compressed at {@code level} so far. */
    public long bytesAtLevel(int level) { return counts.bytesByLevel[level]; }

    /** Each level's share of the body bytes compressed so far, levels 1..9. */
    public double[] levelShares() {
        double[] s = new double[10];
        long all = 0;
        for (int l = 1; l <= 9; l++) all += counts.bytesByLevel[l];
        for (int l = 1; l <= 9; l++) s[l] = all == 0 ? 0 : counts.bytesByLevel[l] / (double) all;
        return s;
    }

    /** CPU time charged for compression so far, in ns (0 without a CPU model). */
    public long cpuNs() { return cpuNs; }

    /** The module's results: connections, responses, bytes in and out, body bytes per level, CPU time charged. */
    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "gzip");
        r.put("levels", fixed ? String.valueOf(minLevel) : minLevel + ".." + maxLevel);
        r.put("connections", connections);
        r.put("responses_compressed", counts.responsesCompressed);
        r.put("responses_passed", counts.responsesPassed);
        r.put("body_bytes_in", counts.bodyBytesIn);
        r.put("gzip_bytes_out", counts.gzipBytesOut);
        r.put("ratio", counts.gzipBytesOut == 0 ? 0.0 : Math.round(1000.0 * counts.bodyBytesIn / counts.gzipBytesOut) / 1000.0);
        Map<String, Long> byLevel = new LinkedHashMap<>();
        for (int l = 1; l <= 9; l++) if (counts.bytesByLevel[l] > 0) byLevel.put(String.valueOf(l), counts.bytesByLevel[l]);
        r.put("body_bytes_by_level", byLevel);
        r.put("cpu_ms", cpuNs / 1e6);
        return r;
    }

    @Override
    public String toString() { return "module " + name; }

    /** {@code gzip}: the adaptive gzip module. */
    public static final class Factory implements ModuleFactory {
        @Override
        public Schema schema() {
            return new Schema("gzip", List.of(
                    Attribute.wholeNumber("level", 1, 9).doc("compress at this fixed level (Apache mod_deflate's `DeflateCompressionLevel`; "
                            + "the baselines); without it the level adapts between `min_level` and `max_level`"),
                    Attribute.wholeNumber("min_level", 1, 9).byDefault(1L).doc("lowest level the adaptation goes to"),
                    Attribute.wholeNumber("max_level", 1, 9).byDefault(9L).doc("highest level the adaptation goes to"),
                    Attribute.wholeNumber("start_level", 1, 9).byDefault(6L).doc("the level of each connection's first block (zlib's default), "
                            + "kept within `min_level`..`max_level`"),
                    Attribute.size("block", 1, 1L << 24).byDefault((long) DEFAULT_BLOCK).doc("body bytes compressed per write opportunity; "
                            + "the level is chosen again before each block")));
        }

        @Override
        public Module create(Arguments a, Context context) {
            int block = (int) a.size("block", 1L << 24, DEFAULT_BLOCK);
            if (block < 1) throw new Arguments.ArgumentException("block", "block must be at least 1 byte");
            if (a.has("level")) {
                for (String k : List.of("min_level", "max_level", "start_level"))
                    if (a.has(k)) throw new Arguments.ArgumentException(k, "'" + k + "' adapts the level; 'level' fixes it: give one or the other");
                int level = (int) a.integer("level", 1, 9);
                return new GzipModule(context.name(), level, level, level, block);
            }
            int min = (int) a.integer("min_level", 1, 9, 1), max = (int) a.integer("max_level", 1, 9, 9);
            if (min > max) throw new Arguments.ArgumentException("min_level", "min_level " + min + " is above max_level " + max);
            return new GzipModule(context.name(), min, max, (int) a.integer("start_level", 1, 9, 6), block);
        }
    }
}
