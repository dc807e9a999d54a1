package elvis.web.modnet;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.cpu.Disk;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.machine.Upcalls;
import elvis.message.Message;
import elvis.modnet.Module;
import elvis.modnet.ModuleFactory;
import elvis.modnet.ModulePair;
import elvis.modnet.PairHandler;
import elvis.modnet.Side;
import elvis.protocol.tcp.TcpView;
import elvis.socket.ErrnoException;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code swap} module (ModNet §5.5, R-MN-8): swappable socket buffers. It takes everything the
 * application writes (so a process-per-request server's worker is free as soon as its response is
 * written) and keeps, per connection, what the real socket cannot hold yet: up to {@code allowance}
 * bytes in memory, the rest on the machine's {@link Disk}, written in {@code chunk}-byte operations and
 * read back, in order, as the socket drains. A connection that drains slowly also has the unsent data
 * beyond {@code hold} of its drain time {@linkplain elvis.socket.StreamSocket#yank yanked} out of the
 * kernel's send buffer once its allowance is full, and the socket is kept that short from then on.
 *
 * <p>Adaptation: a chunk goes to disk only if the connection will need it later than the disk can
 * write and read it back, with a safety {@code margin}: (bytes ahead of it) / (drain rate) &gt; margin ×
 * (expected write + read delay given the disk's outstanding operations). This compares the network's
 * drain rate with the throughput the disk can still give the connection; when the disk is the
 * bottleneck its queue, and so the expected delay, grows until new content stops being swapped, and
 * the application then blocks as it would without the module. The drain rate comes from the real
 * connection's {@link TcpView} (bytes acknowledged per interval of at least one smoothed RTT,
 * averaged), and before the first interval from cwnd / SRTT.
 *
 * <p>The other direction (requests) is forwarded as it comes. The bytes delivered are exactly those
 * written: the disk model keeps a swapped chunk's bytes by reference while timing its operations.
 */
public final class SwapModule implements Module, PairHandler {
    /** Most bytes taken from an end at once. */
    private static final int READ = 1 << 16;

    private final long allowance, holdNs;
    private final int chunk;
    private final double margin;
    private final boolean adapt;

    private long connections, bytesOut, bytesIn, writes, reads, yanks, yankedBytes, refusals, noDisk;
    private long resident, peakResident;       // module-wide bytes held in memory (in RAM or being written)

    public SwapModule(long allowance, int chunk, double margin, long holdNs, boolean adapt) {
        if (allowance < 0 || chunk < 1 || margin < 0 || holdNs < 0) throw new IllegalArgumentException("bad swap parameters");
        this.allowance = allowance;
        this.chunk = chunk;
        this.margin = margin;
        this.holdNs = holdNs;
        this.adapt = adapt;
    }

    @Override
    public void stolen(List<ModulePair> batch) {
        for (ModulePair p : batch) {
            connections++;
            Conn c = new Conn(p);
            if (c.disk == null) noDisk++;
            p.attach(c);
            p.handle(this);
        }
    }

    private static Conn conn(ModulePair p) { return (Conn) p.attachment(); }

    @Override
    public void readable(ModulePair p, Side side) {
        if (side == Side.LEFT) conn(p).pump();
        else conn(p).forwardToLeft();
    }

    @Override
    public void writable(ModulePair p, Side side) {
        if (side == Side.RIGHT) conn(p).pump();
        else conn(p).forwardToLeft();
    }

    @Override
    public void peerClosed(ModulePair p, Side side) {
        Conn c = conn(p);
        if (side == Side.LEFT) {
            c.leftEnded = true;
            c.pump();
        } else {
            c.rightEnded = true;
            c.forwardToLeft();
        }
    }

    // ---------------------------------------------------------------- one connection

    /** A run of response bytes waiting for the real socket, in stream order. */
    private static final class Chunk {
        static final byte MEMORY = 0, WRITING = 1, ON_DISK = 2, READING = 3;
        Message data;
        byte state;

        Chunk(Message data, byte state) {
            this.data = data;
            this.state = state;
        }
    }

    /** One stolen connection: its queue of memory and disk chunks, its drain rate; an upcall so ACKs can wake it from the drain. */
    private final class Conn extends Upcall implements TcpView.AckListener {
        final ModulePair p;
        final Disk disk;
        final TcpView view;
        final ArrayDeque<Chunk> queue = new ArrayDeque<>();
        long memory;                 // bytes in MEMORY chunks (the allowance bounds these)
        boolean leftEnded, rightEnded, rightShut, leftShut, reading, slow, swapping, heldBack, done;
        Message toLeft = Message.EMPTY;
        long sampleNs = -1, sampleUna;
        double rate = -1;            // bytes per second acknowledged, -1 until measured

        Conn(ModulePair p) {
            this.p = p;
            this.disk = Disk.of(p.machine());
            this.view = p.right().inspect();
            if (view != null) view.addAckListener(this);
        }

        @Override protected Machine machine() { return p.machine(); }
        @Override protected Application application() { return null; }

        /** Woken by an ACK: the socket drained, so send, read back and take more. */
        @Override
        protected void run() { guarded(this::pump); }

        @Override
        public void acked(TcpView v) {
            long now = p.machine().sim().now();
            if (sampleNs >= 0) {
                long dt = now - sampleNs;
                if (dt >= Math.max(v.srttNs(), 1_000_000L)) {
                    double r = ((v.sndUna() - sampleUna) & 0xFFFF_FFFFL) * 1e9 / dt;
                    rate = rate < 0 ? r : (rate + r) / 2;
                    sampleNs = now;
                    sampleUna = v.sndUna();
                }
            }
            Upcalls.of(p.machine().sim()).mark(this);    // no calls into TCP from its listener
        }

        private void guarded(Runnable r) {
            if (p.isClosed()) { finish(); return; }
            try {
                r.run();
            } catch (RuntimeException e) {
                p.fail(e);
                finish();
            }
        }

        /** The drain rate, bytes/s: measured, or cwnd / SRTT before the first measurement; -1 when unknown. */
        double drainRate() {
            if (rate >= 0) return rate;
            if (view == null || view.srttNs() <= 0) return -1;
            return view.cwnd() * 1e9 / view.srttNs();
        }

        long inSocket() { return view == null ? 0 : view.unackedBytes() + view.unsentBytes(); }

        /** Bytes the module lets the real socket hold: all it takes, or {@code hold} of drain time once the connection was found slow. */
        long socketRoom() {
            if (!slow || view == null) return Integer.MAX_VALUE;
            return keep() - inSocket();
        }

        long keep() { return Math.max(4L * view.smss(), (long) (Math.max(0, drainRate()) * holdNs / 1e9)); }

        /**
         * Whether a chunk behind {@code ahead} bytes may go to disk now: always without adaptation;
         * with it, only if the connection needs it later than margin × the disk's round trip.
         */
        boolean maySwap(long ahead) {
            if (disk == null) return false;
            if (!adapt) return true;
            double r = drainRate();
            if (r < 0) return false;                 // nothing known yet: keep it until the first estimate
            if (r == 0) return true;                 // nothing draining (a closed window): slow
            double neededInNs = ahead * 1e9 / r;
            long roundTripNs = disk.expectedDelayNs(true, chunk) + disk.expectedDelayNs(false, chunk);
            return neededInNs > margin * roundTripNs;
        }

        void pump() {
            if (p.isClosed()) { finish(); return; }
            sendQueued();
            readLeft();
            yankSlow();
            spill();
            readBack();
            sendQueued();
            if (leftEnded && queue.isEmpty() && !rightShut) {
                rightShut = true;
                p.shutdownWrite(Side.RIGHT);
                closeIfDone();
            }
        }

        /** The adaptation kept a chunk in memory or the application waiting: counted once per episode. */
        void refused() {
            if (!heldBack) refusals++;
            heldBack = true;
        }

        /** Sends the head of the queue while it is in memory and the socket takes it. */
        void sendQueued() {
            while (!queue.isEmpty() && !p.isClosed()) {
                Chunk c = queue.peekFirst();
                if (c.state == Chunk.ON_DISK || c.state == Chunk.READING) return;
                long room = socketRoom();
                if (room <= 0) return;
                Message m = c.data.length() > room ? c.data.slice(0, (int) room) : c.data;
                int n = send(m);
                c.data = c.data.slice(n);
                if (c.state == Chunk.MEMORY) memory -= n;
                released(n);
                if (c.data.isEmpty()) queue.pollFirst();
                if (n < m.length()) return;
            }
        }

        private int send(Message m) {
            if (sampleNs < 0 && view != null) {      // the drain rate is measured from the first byte sent
                sampleNs = p.machine().sim().now();
                sampleUna = view.sndUna();
            }
            return p.send(Side.RIGHT, m);
        }

        /** Takes what the application wrote while it can be placed: in the socket, in memory, or (spilled) on disk. */
        void readLeft() {
            while (!leftEnded && !p.isClosed()) {
                if (memory >= allowance && !maySwap(inSocket() + memory)) {
                    refused();
                    return;                           // the application waits, as without the module
                }
                heldBack = false;
                Message m = p.recv(Side.LEFT, READ);
                if (m.isEmpty()) {
                    if (p.ended(Side.LEFT)) leftEnded = true;
                    return;
                }
                if (queue.isEmpty()) {
                    long room = socketRoom();
                    if (room > 0) m = m.slice(send(room >= m.length() ? m : m.slice(0, (int) room)));
                }
                for (int at = 0; at < m.length(); at += chunk) {     // disk-operation sized pieces
                    Message piece = m.slice(at, Math.min(m.length(), at + chunk));
                    queue.addLast(new Chunk(piece, Chunk.MEMORY));
                    memory += piece.length();
                    held(piece.length());
                }
                spill();
            }
        }

        /**
         * A connection that swaps (its allowance overflowed to disk) and drains slowly: the kernel's unsent
         * bytes beyond {@code hold} of drain time come back to the module, in front of its queue, and the
         * socket is kept that short from then on.
         */
        void yankSlow() {
            if (view == null || rate < 0 || disk == null || !swapping) return;
            long keep = keep(), in = inSocket(), unsent = view.unsentBytes();
            if (in <= keep || unsent == 0 || !maySwap(keep)) return;
            Message y;
            try {
                y = p.right().yank((int) Math.min(unsent, in - keep), YankOp.YANK, YankLock.NONE, true);
            } catch (ErrnoException e) {
                return;                                // EAGAIN, or a module after us that takes no yanks
            }
            slow = true;
            if (y.isEmpty()) return;
            yanks++;
            yankedBytes += y.length();
            queue.addFirst(new Chunk(y, Chunk.MEMORY));
            memory += y.length();
            held(y.length());
        }

        /**
         * Moves the newest in-memory chunks beyond the allowance to disk, while the adaptation allows;
         * never the head (the socket takes it next) nor chunks read back (in front of others on disk).
         */
        void spill() {
            if (disk == null) return;
            Iterator<Chunk> back = queue.descendingIterator();
            while (memory > allowance && back.hasNext()) {
                Chunk c = back.next();
                if (c.state == Chunk.WRITING) continue;
                if (c.state != Chunk.MEMORY || c == queue.peekFirst()) return;
                int n = c.data.length();
                if (!maySwap(inSocket() + memory - n)) {
                    refused();
                    return;
                }
                c.state = Chunk.WRITING;
                swapping = true;
                heldBack = false;
                memory -= n;
                writes++;
                bytesOut += n;
                disk.write(n, () -> guarded(() -> written(c)));
            }
        }

        /** A write finished: the chunk's memory is free (unless it was sent meanwhile). */
        void written(Chunk c) {
            if (c.state != Chunk.WRITING) return;
            released(c.data.length());
            c.state = c.data.isEmpty() ? Chunk.MEMORY : Chunk.ON_DISK;
            pump();
        }

        /** Reads back the first chunk on disk when it is at the head, or when what is ahead of it in memory leaves room. */
        void readBack() {
            if (reading || disk == null) return;
            long ahead = 0;
            for (Chunk c : queue) {
                if (c.state == Chunk.ON_DISK) {
                    if (c != queue.peekFirst() && ahead + c.data.length() > allowance) return;
                    c.state = Chunk.READING;
                    reading = true;
                    reads++;
                    int n = c.data.length();
                    bytesIn += n;
                    disk.read(n, () -> guarded(() -> readDone(c)));
                    return;
                }
                if (c.state == Chunk.READING) return;
                ahead += c.data.length();
            }
        }

        void readDone(Chunk c) {
            reading = false;
            c.state = Chunk.MEMORY;
            memory += c.data.length();
            held(c.data.length());
            pump();
        }

        /** The other direction: the client's requests, forwarded as they come. */
        void forwardToLeft() {
            guarded(() -> {
                while (true) {
                    if (!toLeft.isEmpty()) {
                        toLeft = toLeft.slice(p.send(Side.LEFT, toLeft));
                        if (!toLeft.isEmpty()) return;
                    }
                    Message m = p.recv(Side.RIGHT, READ);
                    if (m.isEmpty()) break;
                    toLeft = m;
                }
                if (rightEnded && !leftShut) {
                    leftShut = true;
                    p.shutdownWrite(Side.LEFT);
                    closeIfDone();
                }
            });
        }

        void closeIfDone() {
            if (leftShut && rightShut) {
                p.close();
                finish();
            }
        }

        /** The pair is over: stop listening to ACKs and give back the memory still counted. */
        void finish() {
            if (done) return;
            done = true;
            if (view != null) view.removeAckListener(this);
            long left = 0;
            for (Chunk c : queue) if (c.state == Chunk.MEMORY || c.state == Chunk.WRITING) left += c.data.length();
            released(left);
            queue.clear();
        }
    }

    private void held(long bytes) {
        resident += bytes;
        peakResident = Math.max(peakResident, resident);
    }

    private void released(long bytes) { resident -= bytes; }

    /** What the module did, for --json. */
    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("connections", connections);
        r.put("bytes_swapped_out", bytesOut);
        r.put("bytes_swapped_in", bytesIn);
        r.put("disk_writes", writes);
        r.put("disk_reads", reads);
        r.put("socket_yanks", yanks);
        r.put("socket_yanked_bytes", yankedBytes);
        r.put("swap_refusals", refusals);        // episodes in which the adaptation refused to swap (the disk was the bottleneck)
        r.put("peak_memory_bytes", peakResident);
        if (noDisk > 0) r.put("connections_without_disk", noDisk);
        return r;
    }

    public long bytesSwappedOut() { return bytesOut; }
    public long bytesSwappedIn() { return bytesIn; }
    public long yanks() { return yanks; }
    public long refusals() { return refusals; }

    /** {@code swap}: allowance, chunk, margin, hold, adapt. */
    public static final class Factory implements ModuleFactory {
        @Override
        public Schema schema() {
            return new Schema("swap", List.of(
                    Attribute.size("allowance", 0, 1L << 30).byDefault(64L * 1024)
                            .doc("bytes per connection the module keeps in memory beyond the socket's send buffer; the rest goes to the machine's disk"),
                    Attribute.size("chunk", 1, 16L << 20).byDefault(64L * 1024).doc("bytes per disk operation"),
                    Attribute.wholeNumber("margin", 0, 1000).byDefault(2L)
                            .doc("swap a chunk only if the connection needs it later than this many times the disk's expected write and read delay"),
                    Attribute.duration("hold", 0, 3_600_000_000_000L).byDefault(100_000_000L)
                            .doc("a slow connection keeps this much of its drain time in the kernel's send buffer; the rest is yanked"),
                    Attribute.bool("adapt").byDefault(true)
                            .doc("`false` swaps whenever the allowance is full, whatever the disk's load (to see what the adaptation gives)")));
        }

        @Override
        public Module create(Arguments a, Context context) {
            long allowance = a.size("allowance", 1L << 30, 64L * 1024);
            long chunk = a.size("chunk", 16L << 20, 64L * 1024);
            if (chunk < 1) throw new Arguments.ArgumentException("chunk", "a disk operation needs at least 1 byte");
            return new SwapModule(allowance, (int) chunk, a.integer("margin", 0, 1000, 2),
                    a.duration("hold", 100_000_000L), a.bool("adapt", true));
        }
    }
}
