package elvis.modnet;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.machine.Upcalls;
import elvis.message.Message;
import elvis.sim.Simulator;
import elvis.socket.Errno;
import elvis.socket.ErrnoException;
import elvis.socket.PairSocket;
import elvis.socket.Process;
import elvis.socket.SocketFactory;
import elvis.socket.SocketWatch;
import elvis.socket.StreamSocket;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ModNet in the simulator: modules registered by name for a run ({@link #register}), applied to a
 * machine or to one application ({@link #apply}), after which every TCP socket the target creates or
 * accepts is stolen: the application gets an intermediate socket paired with the first module's left
 * end, consecutive modules are joined by {@link PairSocket} pairs, and the last module's right end is
 * the real socket (the paper's Fig. 1). A kernel extension made on first use: a run, machine or
 * application that never applies a module holds nothing for it and its sockets are the kernel's.
 * Applying works through the machine's {@link SocketFactory}, wrapped once per applied machine.
 */
public final class ModNet {
    /** Default size of each yank buffer (ModNet's system parameter). */
    public static final int DEFAULT_YANK_BUFFER = 1 << 20;

    private final Simulator sim;
    private final Map<String, Registration> modules = new LinkedHashMap<>();
    private final Map<Machine, Interposer> machines = new IdentityHashMap<>();
    private int yankBuffer = DEFAULT_YANK_BUFFER, pairBuffer = PairSocket.DEFAULT_BUFFER;

    private ModNet(Simulator sim) { this.sim = sim; }

    /** The run's ModNet, made on first use. */
    public static ModNet of(Simulator sim) { return sim.extension(ModNet.class, ModNet::new); }

    // ---------------------------------------------------------------- registration and apply

    /** ModNet's {@code modnet_register}: makes {@code module} available as {@code name}; IllegalArgumentException if the name is taken. */
    public void register(String name, Module module) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a module needs a name");
        if (modules.containsKey(name)) throw new IllegalArgumentException("a module is already registered as '" + name + "'");
        modules.put(name, new Registration(name, module));
    }

    /** The registered names, in registration order. */
    public List<String> names() { return List.copyOf(modules.keySet()); }

    /** The module registered as {@code name}, or null. */
    public Module module(String name) {
        Registration r = modules.get(name);
        return r == null ? null : r.module;
    }

    /**
     * ModNet's {@code modnet_apply} for a whole machine: every TCP socket an application of
     * {@code machine} creates or accepts from now on goes through the modules {@code names}, in order
     * from the application towards the network. No names: sockets made from now on are the kernel's again.
     */
    public void apply(Machine machine, String... names) { interposer(machine).machineChain = checkNames(names); }

    /**
     * {@code modnet_apply} for one application: its TCP sockets from now on go through {@code names}
     * (before the machine's modules, if the machine has some); other applications are untouched.
     */
    public void apply(Machine machine, Application application, String... names) {
        interposer(machine).applicationChains().put(application, checkNames(names));
    }

    /**
     * {@code modnet_yield} by an application on its own socket: APPLY_RIGHT puts {@code names} between
     * the application and the network for this connection only, and returns the socket to use from now
     * on (the same one if it already is a chain's and not yet connected; EINVAL once its chain carries
     * data). Only APPLY_RIGHT is an application's to ask.
     */
    public StreamSocket yield(StreamSocket socket, YieldOp op, String... names) {
        if (op != YieldOp.APPLY_RIGHT) throw new ErrnoException(Errno.EINVAL, "an application yields with APPLY_RIGHT only, not " + op);
        List<String> chain = checkNames(names);
        if (socket instanceof IntermediateSocket is) {
            if (is.chain == null || is.chain.started) throw new ErrnoException(Errno.EINVAL, "yield on a socket whose chain already carries data");
            List<String> all = new ArrayList<>(chain);
            all.addAll(is.chain.names);
            is.chain.names = List.copyOf(all);
            return socket;
        }
        Machine machine = SocketWatch.owner(socket).machine();
        Chain c = new Chain(this, machine, SocketWatch.owner(socket).owner(), socket, chain, false);
        SocketWatch.replace(socket, c.appSocket);
        if (socket.info() != null) c.run();                 // already connected (accepted): start now
        return c.appSocket;
    }

    List<String> checkNames(String... names) {
        for (String n : names) {
            if (!modules.containsKey(n)) throw new IllegalArgumentException("no module is registered as '" + n + "'");
        }
        return List.of(names);
    }

    private Interposer interposer(Machine machine) {
        Interposer i = machines.get(machine);
        if (i == null) {
            Interposer[] made = new Interposer[1];
            SocketFactory.wrap(machine, inner -> made[0] = new Interposer(this, machine, inner));
            machines.put(machine, i = made[0]);
        }
        return i;
    }

    // ---------------------------------------------------------------- parameters and results

    /** Each yank buffer's size in bytes (ModNet's system parameter). */
    public void setYankBuffer(int bytes) {
        if (bytes < 1) throw new IllegalArgumentException("yank buffer must be at least 1 byte: " + bytes);
        yankBuffer = bytes;
    }

    public int yankBuffer() { return yankBuffer; }

    /** Bytes each direction of an intermediate pair holds, for chains made from now on. */
    public void setPairBuffer(int bytes) {
        if (bytes < 1) throw new IllegalArgumentException("pair buffer must be at least 1 byte: " + bytes);
        pairBuffer = bytes;
    }

    public int pairBuffer() { return pairBuffer; }

    /** What the module registered as {@code name} did so far. */
    public ModuleStats stats(String name) {
        Registration r = modules.get(name);
        if (r == null) throw new IllegalArgumentException("no module is registered as '" + name + "'");
        return r.stats;
    }

    /** Every module's counters, by name in registration order. */
    public Map<String, ModuleStats> stats() {
        Map<String, ModuleStats> m = new LinkedHashMap<>();
        for (Registration r : modules.values()) m.put(r.name, r.stats);
        return m;
    }

    // ---------------------------------------------------------------- chains

    /** A new intermediate pair of the connection on {@code real}. */
    IntermediateSocket[] pair(Machine machine, StreamSocket real) {
        PairSocket[] ends = PairSocket.open(machine, pairBuffer);
        IntermediateSocket a = new IntermediateSocket(this, ends[0], real, null), b = new IntermediateSocket(this, ends[1], real, null);
        IntermediateSocket.connect(a, b);
        return new IntermediateSocket[] {a, b};
    }

    /** Puts the modules {@code names} between {@code left} and {@code right}, joined by new pairs, and queues each pair for its module. */
    void build(Machine machine, Application application, List<String> names, IntermediateSocket left, IntermediateSocket right) {
        for (int i = 0; i < names.size(); i++) {
            IntermediateSocket r, nextLeft = null;
            if (i == names.size() - 1) r = right;
            else {
                IntermediateSocket[] between = pair(machine, left.real);
                r = between[0];
                nextLeft = between[1];
            }
            Registration reg = modules.get(names.get(i));
            StealQueue queue = reg.queue(machine);
            ModulePair p = new ModulePair(this, reg, machine, queue.upcalls, application, left, r);
            reg.stats.pairsStolen++;
            queue.add(p);
            left = nextLeft;
        }
    }

    /**
     * A yank on {@code x}, an intermediate socket sending into the next module's left end: the newest
     * unsent bytes are those still in the pair between them; for more, the next module gets a YANK_REQ
     * and returns the older ones in {@code x}'s yank buffer.
     */
    Message yank(IntermediateSocket x, int max, YankOp op, YankLock lock, boolean dontWait) {
        if (max < 0) throw new ErrnoException(Errno.EINVAL, "yank of " + max + " bytes");
        PairSocket inPair = (PairSocket) x.partner.end();
        YankRequest request = x.pendingYank;
        int tail;
        if (request != null) {
            tail = -1;                                   // decided when the deferred request completes
        } else {
            ModulePair next = x.partner.module;
            if (next != null && !next.taken()) next.deliverNow();     // stolen this instant: let the module take it first
            YankHandler h = next == null ? null : next.yankHandler();
            if (h == null) throw new ErrnoException(Errno.EOPNOTSUPP, "yank: the next module does not take yanks");
            tail = Math.min(max, inPair.available());
            request = new YankRequest(max - tail, op, lock, dontWait, yankBuffer);
            try {
                h.yankRequested(next, request);
            } catch (ErrnoException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                next.fail(e);
                throw new ErrnoException(Errno.ECONNRESET, "yank: the next module failed");
            }
            if (!request.isDeferred()) request.complete();
            next.stats().yanks++;
        }
        if (!request.isComplete()) {
            Process caller = Process.current();
            if (dontWait || caller == null) {
                if (x.pendingYank != request) {
                    x.pendingYank = request;
                    request.whenComplete(() -> SocketWatch.changed(x));     // POLLYANK: pollers and the module's watcher
                }
                throw new ErrnoException(Errno.EAGAIN, "yank: the chain is reconstructing");
            }
            YankRequest r = request;
            caller.await(r::whenComplete);
        }
        x.pendingYank = null;
        Message older = request.result();
        if (x.partner.module != null) x.partner.module.stats().yankedBytes += older.length();
        if (tail < 0) tail = Math.min(inPair.available(), Math.max(0, max - older.length()));
        Message newest = inPair.unreadTail(tail, request.op() == YankOp.YANK);
        return older.isEmpty() ? newest : older.concat(newest);
    }

    // ---------------------------------------------------------------- registrations

    /** A registered module: its counters, the application its processes belong to, and its steal queue per machine. */
    static final class Registration {
        final String name;
        final Module module;
        final ModuleStats stats = new ModuleStats();
        final Application application;
        private final Map<Machine, StealQueue> queues = new HashMap<>();
        private StealQueue lastQueue;        // the last machine's: usually the next connection's too

        Registration(String name, Module module) {
            this.name = name;
            this.module = module;
            this.application = new ModuleApplication("module " + name);
        }

        StealQueue queue(Machine m) {
            StealQueue q = lastQueue;
            if (q == null || q.machine != m) lastQueue = q = queues.computeIfAbsent(m, mm -> new StealQueue(this, mm));
            return q;
        }
    }

    /** The pairs stolen for one module on one machine and not yet handed over: delivered as a batch from the drain. */
    static final class StealQueue extends Upcall {
        private final Registration module;
        private final Machine machine;
        final Upcalls upcalls;               // the machine's kernel's, looked up once: marked per connection
        private final ArrayList<ModulePair> pending = new ArrayList<>(4);

        StealQueue(Registration module, Machine machine) {
            this.module = module;
            this.machine = machine;
            this.upcalls = Upcalls.of(machine.sim());
        }

        void add(ModulePair p) {
            pending.add(p);
            upcalls.mark(this);
        }

        @Override
        protected void run() {
            if (pending.isEmpty()) return;
            List<ModulePair> batch = List.copyOf(pending);
            pending.clear();
            try {
                module.module.stolen(batch);
            } catch (RuntimeException | StackOverflowError e) {
                for (ModulePair p : batch) if (!p.isClosed()) p.fail(e);
            }
        }

        @Override protected Machine machine() { return machine; }
        @Override protected Application application() { return null; }
    }

    /** Whose a module's processes are: not one of the machine's applications, so results list it nowhere. */
    private record ModuleApplication(String name) implements Application {
        @Override public void start(Machine machine) { }
        @Override public String summary() { return name; }
    }
}
