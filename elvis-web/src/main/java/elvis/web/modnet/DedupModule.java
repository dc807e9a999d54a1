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
import elvis.protocol.tcp.TcpState;
import elvis.protocol.tcp.TcpView;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ModNet's deduplicating socket buffers (R-MN-9, §5.6), applied to a server: what the server writes
 * is taken from it at once (as a kernel's send buffer would take it), cut into content-defined chunks
 * ({@link Chunker}: rolling hash over 48 bytes, {@code avg_chunk} on average between
 * {@code min_chunk} and {@code max_chunk}), and kept in the machine's {@link ChunkStore} as one shared
 * copy per distinct chunk with a reference per connection. The real socket is given slices of the
 * stored chunks (ModNet gave the kernel the shared pages with {@code vmsplice}), so a chunk's bytes in
 * a socket buffer are that one copy; a connection's reference is dropped when the peer has
 * acknowledged all of the chunk (the connection's ACK listener). Whatever way a connection ends
 * (closed, reset by either end, timed out, failed), everything it holds is released once: what never
 * reached the real socket when the pair ends ({@link #closed}), what the real socket holds when the
 * connection is gone ({@link TcpView.AckListener#closed}). Requests pass unchanged. Many
 * downloads of pages made from one template then hold the template once.
 *
 * <p>With a CPU model, chunking and fingerprinting cost the machine's {@code dedup_byte} per byte
 * ({@link #DEFAULT_NS_PER_BYTE} when the machine declares cores but not that cost), one block of
 * bytes after another per connection; the chunks of a block are queued when its CPU time is done.
 */
public final class DedupModule implements Module, PairHandler {
    public static final int DEFAULT_MIN = 1024, DEFAULT_AVG = 4096, DEFAULT_MAX = 16384;
    /** Default CPU time per byte chunked (a rolling hash and a fingerprint: about 1 GB/s per core). */
    public static final double DEFAULT_NS_PER_BYTE = 1.0;
    /** The CPU cost name. */
    public static final String COST = "dedup_byte";
    /** Most bytes read from the server at once, and the most a connection holds before the module stops reading its server. */
    private static final int READ = 64 << 10;
    private static final int MAX_HELD = 8 << 20;

    private final String name;
    private final int minChunk, avgChunk, maxChunk;
    private long connections, bytesIn, chunksCut, cpuNs;

    public DedupModule(String name, int minChunk, int avgChunk, int maxChunk) {
        new Chunker(minChunk, avgChunk, maxChunk);       // checks the sizes
        this.name = name;
        this.minChunk = minChunk;
        this.avgChunk = avgChunk;
        this.maxChunk = maxChunk;
    }

    public DedupModule(String name) { this(name, DEFAULT_MIN, DEFAULT_AVG, DEFAULT_MAX); }

    private final class Connection {
        final ChunkStore store;
        final Chunker chunker = new Chunker(minChunk, avgChunk, maxChunk);
        final ArrayDeque<ChunkStore.Chunk> queue = new ArrayDeque<>();
        // Chunks handed to the real socket whole, with the stream offset where each ends, until acknowledged.
        final ArrayDeque<ChunkStore.Chunk> inSocket = new ArrayDeque<>();
        final ArrayDeque<Long> inSocketEnds = new ArrayDeque<>();
        long handed, acked;
        TcpView view;
        TcpView.AckListener listener;
        final Cpu model;
        final Cpu.Task cpu;
        byte[] partial = new byte[1024];                 // the chunk being cut
        int partialLength, sentOfHead;
        long held;                                       // bytes read from the server, not yet in the real socket
        Message toServer = Message.EMPTY;
        boolean computing, serverEnded, clientEnded, clientFinished, serverFinished;

        Connection(Machine machine) {
            store = ChunkStore.of(machine);
            Cpu c = Cpu.existing(machine);
            model = c != null && c.configured() ? c : null;
            cpu = model == null ? null : model.task(DedupModule.this);
        }
    }

    @Override
    public void stolen(List<ModulePair> batch) {
        for (ModulePair p : batch) {
            connections++;
            Connection c = new Connection(p.machine());
            p.attach(c);
            TcpView view = p.right().inspect();
            if (view != null && view.state() != TcpState.CLOSED) {       // reset before the module got it: nothing to watch
                c.view = view;
                c.listener = new TcpView.AckListener() {
                    @Override public void acked(TcpView v) { acknowledged(c); }
                    @Override public void closed(TcpView v) { releaseInSocket(c); }
                };
                view.addAckListener(c.listener);
            }
            p.handle(this);
        }
    }

    private static Connection of(ModulePair p) { return (Connection) p.attachment(); }

    @Override
    public void readable(ModulePair p, Side side) {
        Connection c = of(p);
        if (side == Side.RIGHT) {
            while (c.toServer.isEmpty() && !p.isClosed()) {
                Message m = p.recv(Side.RIGHT, READ);
                if (m.isEmpty()) return;
                int n = p.send(Side.LEFT, m);
                c.toServer = n == m.length() ? Message.EMPTY : m.slice(n);
            }
            return;
        }
        if (c.computing) return;                         // the block in hand first; its end reads on
        Message m = c.held < MAX_HELD ? p.recv(Side.LEFT, READ) : Message.EMPTY;
        if (m.isEmpty()) {
            pump(p, c);
            return;
        }
        c.held += m.length();
        c.store.held(m.length());
        bytesIn += m.length();
        long ns = c.model == null ? 0 : cost(c.model, m.length());
        if (ns == 0) {
            cut(c, m);
            pump(p, c);
            p.resume(Side.LEFT);
            return;
        }
        c.computing = true;
        cpuNs += ns;
        c.cpu.run(ns, () -> {
            c.computing = false;
            if (p.isClosed()) return;
            cut(c, m);
            pump(p, c);
            p.resume(Side.LEFT);
        });
    }

    static long cost(Cpu cpu, long bytes) {
        return cpu.cost(COST, bytes, DEFAULT_NS_PER_BYTE);
    }

    /** Cuts {@code m} into chunks: whole ones go to the store and the queue, the rest waits in the partial chunk. */
    private void cut(Connection c, Message m) {
        byte[] data = m.toByteArray();
        int at = 0;
        while (at < data.length) {
            int n = c.chunker.next(data, at, data.length);
            int take = n < 0 ? data.length - at : n;
            append(c, data, at, take);
            at += take;
            if (n >= 0) seal(c);
        }
    }

    private static void append(Connection c, byte[] data, int from, int n) {
        if (c.partialLength + n > c.partial.length)
            c.partial = java.util.Arrays.copyOf(c.partial, Math.max(c.partialLength + n, 2 * c.partial.length));
        System.arraycopy(data, from, c.partial, c.partialLength, n);
        c.partialLength += n;
        c.store.pending(n);
    }

    /** The partial chunk is complete: stored (or found), referenced from the queue. */
    private void seal(Connection c) {
        if (c.partialLength == 0) return;
        c.store.pending(-c.partialLength);
        c.queue.add(c.store.intern(java.util.Arrays.copyOf(c.partial, c.partialLength)));
        c.partialLength = 0;
        chunksCut++;
    }

    @Override
    public void writable(ModulePair p, Side side) {
        Connection c = of(p);
        if (side == Side.LEFT) {
            int n = p.send(Side.LEFT, c.toServer);
            c.toServer = n == c.toServer.length() ? Message.EMPTY : c.toServer.slice(n);
            if (!c.toServer.isEmpty()) return;
            if (c.clientEnded) endServerSide(p, c);
            else p.resume(Side.RIGHT);
            return;
        }
        pump(p, c);
        if (c.held < MAX_HELD) p.resume(Side.LEFT);       // room again for what the server writes
    }

    @Override
    public void peerClosed(ModulePair p, Side side) {
        Connection c = of(p);
        if (side == Side.RIGHT) {
            c.clientEnded = true;
            if (c.toServer.isEmpty()) endServerSide(p, c);
        } else {
            c.serverEnded = true;
            pump(p, c);
        }
    }

    /**
     * Gives the real socket queued chunks while it takes them; when the queue runs dry and nothing is
     * coming from the server just now, the partial chunk goes as it is (a response's tail must not
     * wait for more bytes that may never come).
     */
    private void pump(ModulePair p, Connection c) {
        while (!p.isClosed()) {
            if (c.queue.isEmpty()) {
                if (c.computing || c.partialLength == 0) break;
                c.chunker.cut();
                seal(c);
            }
            ChunkStore.Chunk head = c.queue.peekFirst();
            Message rest = head.message.slice(c.sentOfHead);
            int n = p.send(Side.RIGHT, rest);
            c.sentOfHead += n;
            c.held -= n;
            c.store.held(-n);
            c.handed += n;
            if (c.view != null) c.store.inSockets(n);
            if (c.sentOfHead < head.bytes.length) return;       // writable follows
            c.queue.pollFirst();
            c.sentOfHead = 0;
            if (c.view == null) c.store.release(head);          // no connection to watch: the socket has its own copy
            else {
                c.inSocket.add(head);
                c.inSocketEnds.add(c.handed);
            }
        }
        if (!p.isClosed() && c.serverEnded && !c.computing && c.queue.isEmpty() && c.partialLength == 0 && !c.clientFinished) {
            c.clientFinished = true;
            p.shutdownWrite(Side.RIGHT);
            closeIfDone(p, c);
        }
    }

    /**
     * An ACK advanced: chunks the peer has all of leave the connection's hands. Run inside TCP, so it
     * only does the module's bookkeeping.
     */
    private static void acknowledged(Connection c) {
        long inKernel = c.view.unackedBytes() + c.view.unsentBytes();
        long acked = Math.clamp(c.handed - inKernel, c.acked, c.handed);
        c.store.inSockets(-(acked - c.acked));
        c.acked = acked;
        while (!c.inSocketEnds.isEmpty() && c.inSocketEnds.peekFirst() <= acked) {
            c.inSocketEnds.pollFirst();
            c.store.release(c.inSocket.pollFirst());
        }
        if (c.inSocket.isEmpty() && c.clientFinished && c.queue.isEmpty()) releaseInSocket(c);
    }

    /**
     * The real connection is gone (or has everything acknowledged after the end): the chunks in its
     * send buffer are released, acknowledged or not, once; chunks handed to it later are released at
     * once, as when there is no connection to watch. Bookkeeping only: it may run inside TCP.
     */
    private static void releaseInSocket(Connection c) {
        if (c.view == null) return;
        c.view.removeAckListener(c.listener);
        c.view = null;
        c.store.inSockets(-(c.handed - c.acked));
        c.acked = c.handed;
        for (ChunkStore.Chunk k : c.inSocket) c.store.release(k);
        c.inSocket.clear();
        c.inSocketEnds.clear();
    }

    /**
     * The pair ended, normally or not: what never reached the real socket (queued chunks, the chunk
     * being cut, a block being chunked) will not, so it is released, once. What the real socket holds
     * waits for its ACKs or its end.
     */
    @Override
    public void closed(ModulePair p) {
        Connection c = of(p);
        if (c == null) return;
        for (ChunkStore.Chunk k : c.queue) c.store.release(k);
        c.queue.clear();
        c.sentOfHead = 0;
        c.store.pending(-c.partialLength);
        c.partialLength = 0;
        c.store.held(-c.held);
        c.held = 0;
        if (c.clientFinished && c.inSocket.isEmpty()) releaseInSocket(c);
    }

    private void endServerSide(ModulePair p, Connection c) {
        if (c.serverFinished) return;
        c.serverFinished = true;
        p.shutdownWrite(Side.LEFT);
        closeIfDone(p, c);
    }

    private static void closeIfDone(ModulePair p, Connection c) {
        if (c.clientFinished && c.serverFinished) p.close();
    }

    /** CPU time charged for chunking so far, in ns (0 without a CPU model). */
    public long cpuNs() { return cpuNs; }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "dedup");
        r.put("connections", connections);
        r.put("bytes_in", bytesIn);
        r.put("chunks_cut", chunksCut);
        r.put("mean_chunk_bytes", chunksCut == 0 ? 0 : bytesIn / chunksCut);
        r.put("cpu_ms", cpuNs / 1e6);
        return r;
    }

    @Override
    public String toString() { return "module " + name; }

    /** {@code dedup}: the deduplicating send-buffer module. */
    public static final class Factory implements ModuleFactory {
        @Override
        public Schema schema() {
            return new Schema("dedup", List.of(
                    Attribute.size("min_chunk", Chunker.WINDOW, 1 << 20).byDefault((long) DEFAULT_MIN).doc("smallest chunk (at least the 48-byte window)"),
                    Attribute.size("avg_chunk", Chunker.WINDOW + 1, 1 << 20).byDefault((long) DEFAULT_AVG).doc("average chunk the boundary condition aims at"),
                    Attribute.size("max_chunk", Chunker.WINDOW + 1, 1 << 20).byDefault((long) DEFAULT_MAX).doc("largest chunk: a boundary is forced there")));
        }

        @Override
        public Module create(Arguments a, Context context) {
            int min = (int) a.size("min_chunk", 1 << 20, DEFAULT_MIN), avg = (int) a.size("avg_chunk", 1 << 20, DEFAULT_AVG),
                    max = (int) a.size("max_chunk", 1 << 20, DEFAULT_MAX);
            if (min < Chunker.WINDOW) throw new Arguments.ArgumentException("min_chunk", "min_chunk must be at least the " + Chunker.WINDOW + "-byte window");
            if (avg <= min) throw new Arguments.ArgumentException("avg_chunk", "avg_chunk " + avg + " must be above min_chunk " + min);
            if (max < avg) throw new Arguments.ArgumentException("max_chunk", "max_chunk " + max + " must be at least avg_chunk " + avg);
            return new DedupModule(context.name(), min, avg, max);
        }
    }
}
