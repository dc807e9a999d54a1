package elvis.modnet;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.machine.Upcalls;
import elvis.message.Message;
import elvis.socket.Errno;
import elvis.socket.ErrnoException;
import elvis.socket.PairSocket;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.SocketWatch;
import elvis.socket.StreamSocket;

import java.util.List;

/**
 * What a module gets for one stolen connection (ModNet's Sock_m_left and Sock_m_right): its
 * {@link #left} end, towards the application, and its {@link #right} end, towards the network (the next
 * module's left end, or the real TCP socket). Both are stream sockets on which address calls,
 * {@code info()} and {@code inspect()} answer for the real connection. The module serves the pair in
 * one of two ways:
 * <ul>
 * <li>event API: {@link #handle} a {@link PairHandler}, whose callbacks use the non-blocking
 *     {@link #recv}, {@link #send} and {@link #shutdownWrite} here; {@link #close} when both directions ended;</li>
 * <li>a blocking process: {@link #run} a {@link PairProgram} that calls the ends' blocking methods.</li>
 * </ul>
 * A reset on one end, or an exception in the module's code, {@link #fail fails} the pair: both ends are
 * reset, so the application and the TCP peer see the reset as without the module.
 */
public final class ModulePair {
    private static final Side[] SIDES = Side.values();     // values() copies its array on every call
    private final ModNet modnet;
    private final ModNet.Registration module;
    private final Machine machine;
    private final Application application;
    private final Upcalls upcalls;
    private IntermediateSocket left, right;
    private PairHandler handler;
    private YankHandler yankHandler;
    private Process process;
    private final Watch[] watches = new Watch[2];
    // Per side (bit 0 LEFT, bit 1 RIGHT): recv returned its end; peerClosed was called; a send fell short.
    // Bits, not three arrays: a pair is made per connection.
    private int ended, endNotified, wantWrite;
    private boolean closed, taken;
    private Throwable failure;
    private Object attachment;

    ModulePair(ModNet modnet, ModNet.Registration module, Machine machine, Upcalls upcalls, Application application,
               IntermediateSocket left, IntermediateSocket right) {
        this.modnet = modnet;
        this.module = module;
        this.machine = machine;
        this.application = application;
        this.upcalls = upcalls;
        own(left, true);
        own(right, false);
    }

    private void own(IntermediateSocket end, boolean isLeft) {
        end.module = this;
        end.isLeft = isLeft;
        if (isLeft) left = end;
        else right = end;
    }

    /** The end towards the application (Sock_m_left). After a {@link #yield} APPLY_LEFT it is a new socket: read it again. */
    public StreamSocket left() { return left; }

    /** The end towards the network (Sock_m_right): the real socket's, or the next module's left end. */
    public StreamSocket right() { return right; }

    public StreamSocket end(Side side) { return side == Side.LEFT ? left : right; }

    /** The machine the connection is on. */
    public Machine machine() { return machine; }

    /** The application whose socket was stolen. */
    public Application application() { return application; }

    /** The name the module is registered under. */
    public String moduleName() { return module.name; }

    /** Whether the right end is the real TCP socket (this module is the last of its chain). */
    public boolean rightIsReal() { return right.wrapsReal(); }

    /** Module state kept with the pair. */
    public Object attachment() { return attachment; }

    public void attach(Object state) { attachment = state; }

    /** Closed, failed or yielded away: the module has nothing more to do with it. */
    public boolean isClosed() { return closed; }

    /** Why the pair failed, or null. */
    public Throwable failure() { return failure; }

    // ---------------------------------------------------------------- event API

    /**
     * Serves the pair with {@code h}'s callbacks from now on: both ends become non-blocking, and a first
     * {@link PairHandler#readable} follows for data that arrived before.
     */
    public void handle(PairHandler h) {
        if (taken) throw new IllegalStateException("pair already taken by the module");
        taken = true;
        handler = h;
        for (Side s : SIDES) watch(s);
    }

    private void watch(Side side) {
        if (watches[side.ordinal()] == null) watches[side.ordinal()] = new Watch(side);
        IntermediateSocket end = (IntermediateSocket) end(side);
        end.setNonBlocking(true);
        SocketWatch.set(end, watches[side.ordinal()]);
        resume(side);
    }

    /** Runs {@link PairHandler#readable} (and writable) for {@code side} again in this instant's drain: after the module stopped reading for backpressure. */
    public void resume(Side side) {
        Watch w = watches[side.ordinal()];
        if (w != null) upcalls.mark(w);
    }

    /**
     * At most {@code max} bytes from {@code side}, without blocking: empty when nothing is there now,
     * or at its end of stream ({@link PairHandler#peerClosed} follows once). A reset fails the pair.
     */
    public Message recv(Side side, int max) {
        if (closed) return Message.EMPTY;
        StreamSocket end = end(side);
        // Event API: the ends are non-blocking and connected, so with none of these bits recv would only
        // throw EAGAIN, whose message (the socket's addresses) costs more than the call itself.
        if (handler != null && (end.readiness() & (PollFd.POLLIN | PollFd.POLLERR | PollFd.POLLHUP | PollFd.POLLNVAL)) == 0)
            return Message.EMPTY;
        try {
            Message m = end.recv(max);
            if (m.isEmpty() && max > 0) ended |= bit(side);
            return m;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN) fail(e);
            return Message.EMPTY;
        }
    }

    /**
     * Sends as much of {@code data} to {@code side} as it takes now, without blocking; when short,
     * {@link PairHandler#writable} follows once it takes more. A reset or a closed end fails the pair.
     */
    public int send(Side side, Message data) {
        if (closed) return 0;
        int n;
        try {
            n = end(side).send(data);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN) {
                fail(e);
                return 0;
            }
            n = 0;
        }
        if (n < data.length()) wantWrite |= bit(side);
        return n;
    }

    /** Whether {@code side}'s stream has ended (recv returned its end). */
    public boolean ended(Side side) { return (ended & bit(side)) != 0; }

    private static int bit(Side side) { return 1 << side.ordinal(); }

    /** Shuts down writing to {@code side}: its reader gets end of stream after what was sent (a FIN on the real socket). */
    public void shutdownWrite(Side side) {
        if (closed) return;
        try {
            end(side).shutdown(StreamSocket.How.WRITE);
        } catch (ErrnoException e) {
            fail(e);
        }
    }

    private void dispatch(Side side) {
        if (closed || handler == null) return;
        int i = bit(side);
        try {
            int r = end(side).readiness();
            if ((r & (PollFd.POLLIN | PollFd.POLLERR | PollFd.POLLHUP)) != 0 && (ended & i) == 0) handler.readable(this, side);
            if (!closed && (wantWrite & i) != 0 && (r & (PollFd.POLLOUT | PollFd.POLLERR | PollFd.POLLHUP)) != 0) {
                wantWrite &= ~i;
                handler.writable(this, side);
            }
            if (!closed && side == Side.RIGHT && (r & PollFd.POLLYANK) != 0 && (end(side).readiness() & PollFd.POLLYANK) != 0) handler.yankReady(this);
            for (Side s : SIDES) {
                if (!closed && (ended & ~endNotified & bit(s)) != 0) {
                    endNotified |= bit(s);
                    handler.peerClosed(this, s);
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            fail(e);
        }
    }

    /** An end's watcher: runs the handler from the drain. */
    private final class Watch extends Upcall {
        private final Side side;

        Watch(Side side) { this.side = side; }

        @Override protected void run() { dispatch(side); }
        @Override protected Machine machine() { return machine; }
        @Override protected Application application() { return null; }
    }

    // ---------------------------------------------------------------- blocking process

    /**
     * Serves the pair with {@code program} in a process of its own (the module's, on this machine).
     * When it returns the pair is closed; if it throws, the pair fails.
     */
    public Process run(PairProgram program) {
        if (taken) throw new IllegalStateException("pair already taken by the module");
        taken = true;
        left.setNonBlocking(false);
        right.setNonBlocking(false);
        process = Process.spawn(machine, module.application, self -> {
            try {
                program.run(self, this);
                close();
            } catch (Exception | StackOverflowError e) {
                fail(e);
            }
        });
        return process;
    }

    // ---------------------------------------------------------------- ending

    /** Closes both ends normally (what was sent is delivered; the real socket sends its FIN). */
    public void close() {
        if (closed) return;
        detach();
        left.close();
        right.close();
    }

    /** Fails the pair: both ends are reset (the application's socket gets ECONNRESET, the TCP peer a RST). */
    public void fail(Throwable cause) {
        if (closed) return;
        failure = cause;
        module.stats.failures++;
        detach();
        abort(left);
        abort(right);
    }

    private static void abort(IntermediateSocket end) {
        if (end.end() instanceof PairSocket p) {
            p.abort();
            return;
        }
        StreamSocket real = end.end();
        try {
            real.setLinger(true, 0);
        } catch (ErrnoException e) {
            // closed already: nothing to reset
        }
        real.close();
    }

    private void detach() {
        closed = true;
        PairHandler h = handler;
        handler = null;
        for (Side s : SIDES) if (watches[s.ordinal()] != null) SocketWatch.set(end(s), null);
        if (h == null) return;
        try {
            h.closed(this);
        } catch (RuntimeException | StackOverflowError e) {
            if (failure == null) {
                failure = e;
                module.stats.failures++;
            }
        }
    }

    // ---------------------------------------------------------------- chains

    /**
     * ModNet's {@code modnet_yield}: inserts the modules {@code names}, in order, next to this one
     * (APPLY_LEFT, APPLY_RIGHT), or in its place (REPLACE, after which this pair is closed to the
     * module without closing its ends). Data already in the ends stays in order: the new modules take
     * over this module's end on that side, and this module gets a new one. A blocking module reads
     * {@link #left}/{@link #right} again afterwards.
     */
    public void yield(YieldOp op, String... names) {
        if (closed) throw new IllegalStateException("yield on a closed pair");
        List<String> chain = modnet.checkNames(names);
        if (chain.isEmpty()) throw new IllegalArgumentException("yield needs at least one module");
        switch (op) {
            case APPLY_LEFT -> {
                IntermediateSocket[] between = modnet.pair(machine, left.real);
                IntermediateSocket oldLeft = left;
                release(Side.LEFT);
                own(between[1], true);
                modnet.build(machine, application, chain, oldLeft, between[0]);
                rewatch(Side.LEFT);
            }
            case APPLY_RIGHT -> {
                IntermediateSocket[] between = modnet.pair(machine, right.real);
                IntermediateSocket oldRight = right;
                release(Side.RIGHT);
                own(between[0], false);
                modnet.build(machine, application, chain, between[1], oldRight);
                rewatch(Side.RIGHT);
            }
            case REPLACE -> {
                IntermediateSocket l = left, r = right;
                detach();
                modnet.build(machine, application, chain, l, r);
            }
        }
    }

    private void release(Side side) {
        if (watches[side.ordinal()] != null) SocketWatch.set(end(side), null);
        int keep = ~bit(side);
        ended &= keep;
        endNotified &= keep;
        wantWrite &= keep;
    }

    private void rewatch(Side side) {
        if (handler != null) watch(side);
        else if (process != null) end(side).setNonBlocking(false);
    }

    // ---------------------------------------------------------------- yank

    /**
     * Registers for YANK_REQ on the left end: a yank on the socket before this module then asks
     * {@code h} to reconstruct its unsent data; without it such a yank fails with EOPNOTSUPP.
     */
    public void acceptYanks(YankHandler h) { yankHandler = h; }

    boolean taken() { return taken; }

    /** Hands this pair's batch to the module now rather than in the drain. */
    void deliverNow() { module.queue(machine).run(); }

    YankHandler yankHandler() { return closed ? null : yankHandler; }

    ModuleStats stats() { return module.stats; }

    void sent(boolean onLeft, int bytes) {
        if (onLeft) module.stats.bytesToApplication += bytes;
        else module.stats.bytesToNetwork += bytes;
    }

    @Override
    public String toString() { return "module " + module.name + " on " + right; }
}
