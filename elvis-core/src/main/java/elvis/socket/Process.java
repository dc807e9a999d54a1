package elvis.socket;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.dns.StubResolver;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.sim.Simulator;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An application's straight-line blocking code, run as a coroutine that only the kernel resumes, one
 * at a time, from inside its events; so a run is as deterministic as the event API.
 *
 * <p>A process must block only through this class and its sockets: never {@code Thread.sleep}, real
 * I/O, locks held by other threads or anything else that waits on the real world, which would stall
 * the whole simulation. An exception thrown out of the program fails its application on its machine
 * (see {@link Machine#failures()}); the simulation goes on. {@link #kill} resumes a parked process
 * with {@link ProcessKilled} so its {@code finally} blocks run; the end of a run kills those still
 * parked ({@link #killAll}). When a process ends, the sockets it still holds are closed, as an
 * operating system does at exit.
 */
public final class Process {
    /** No timeout. */
    public static final long FOREVER = -1;

    private final Machine machine;
    private final Application owner;
    private final Simulator sim;
    private final Dispatcher dispatcher;     // shared by the kernel's processes
    private final Coroutine coroutine;
    private boolean parked, killed, done;
    private List<Socket> sockets;            // open sockets, closed at exit; created on the first
    Process previousAlive, nextAlive;        // the dispatcher's list of live processes

    private Process(Machine machine, Application owner, Dispatcher dispatcher, Program program) {
        this.machine = machine;
        this.owner = owner;
        this.sim = machine.sim();
        this.dispatcher = dispatcher;
        this.coroutine = Coroutine.create(this, () -> body(program));
        dispatcher.born(this);
    }

    /**
     * Starts {@code program} as a process of {@code owner} on {@code machine}. It runs at once until
     * it first blocks, or, when started from another process, as soon as the kernel is free.
     */
    public static Process spawn(Machine machine, Application owner, Program program) {
        Process p = new Process(machine, owner, Dispatcher.of(machine.sim()), program);
        p.parked = true;
        p.wake();
        return p;
    }

    /** Starts another process of the same application on this machine and hands it {@code sockets}. */
    public Process spawn(Program program, Socket... handed) {
        Process child = new Process(machine, owner, dispatcher, program);
        for (Socket s : handed) KernelSocket.of(s).moveTo(child);
        child.parked = true;
        child.wake();
        return child;
    }

    private void body(Program program) {
        try {
            if (!killed) program.run(this);          // one killed before it first ran never starts
        } catch (ProcessKilled k) {
            // a normal end: the finally blocks have run
        } catch (Exception | StackOverflowError e) {
            machine.fail(owner, e);
        } finally {
            done = true;
            dispatcher.ended(this);
            if (sockets != null) for (Socket s : List.copyOf(sockets)) s.close();
        }
    }

    /** The process running now, or null outside processes (in event code). */
    public static Process current() { return Coroutine.current(); }

    public Machine machine() { return machine; }
    public Application owner() { return owner; }
    /** Virtual time in nanoseconds. */
    public long now() { return sim.now(); }
    public boolean isAlive() { return !done; }

    /** Sleeps {@code ns} of virtual time (0 lets the other events due now run first). */
    public void sleep(long ns) {
        if (ns < 0) throw new IllegalArgumentException("negative sleep: " + ns);
        long deadline = sim.now() + ns;
        do park(deadline); while (sim.now() < deadline);
    }

    /**
     * Uses {@code ns} of CPU time on this machine's processors ({@link elvis.cpu.Cpu}) and returns when
     * it is done: at once for 0; else after {@code ns} with a core to itself, longer when the cores are
     * shared, by its application's priority, with other work. Costs come from the machine's list:
     * {@code p.compute(Cpu.of(p.machine()).cost("per_request", 1))}. Killed while computing, the work is
     * withdrawn.
     */
    public void compute(long ns) {
        if (ns < 0) throw new IllegalArgumentException("negative CPU time: " + ns);
        if (ns == 0) return;
        if (killed) throw new ProcessKilled();
        elvis.cpu.Cpu.Job job = elvis.cpu.Cpu.of(machine).run(owner, ns, this::wake);
        try {
            while (!job.finished()) park(Long.MAX_VALUE);
        } finally {
            job.cancel();
        }
    }

    /**
     * Blocks until something happens that event code reports through a callback: {@code subscribe}
     * is handed the callback and must call it once, at once if it has happened already. Checking
     * and subscribing are one call in the kernel, so nothing is missed between them. A DHCP client's
     * binding: {@code p.await(client::whenBound)}.
     */
    public void await(java.util.function.Consumer<Runnable> subscribe) {
        boolean[] happened = {false};
        subscribe.accept(() -> {
            happened[0] = true;
            wake();
        });
        while (!happened[0]) park(Long.MAX_VALUE);
    }

    /**
     * Ends the process: if parked, it resumes with {@link ProcessKilled} thrown from the call it
     * blocks in, so its {@code finally} blocks run; if it is the caller, the exception is thrown now.
     */
    public void kill() {
        if (done || killed) return;
        killed = true;
        if (dispatcher.running == this) throw new ProcessKilled();
        wake();
    }

    /**
     * The end of a run: kills every process of {@code kernel} still alive (all are blocked then), in
     * the order they were created, so that their {@code finally} blocks run and their sockets close,
     * as at an operating system's shutdown. Being killed is a normal end, not a failure. Call it once the
     * run is over, outside any process ({@code elvis.Simulation}'s run and shutdown do).
     */
    public static void killAll(Simulator kernel) { Dispatcher.of(kernel).killAll(); }

    /** Kills this process now, even if a kill is already on its way to it. */
    void killNow() {
        killed = true;
        wake();
    }

    /** A new TCP socket, made by the machine's {@link SocketFactory}. */
    public StreamSocket streamSocket() { return register(SocketFactory.of(machine).streamSocket(this)); }

    /** A new UDP socket, made by the machine's {@link SocketFactory}. */
    public DatagramSocket datagramSocket() { return register(SocketFactory.of(machine).datagramSocket(this)); }

    /**
     * A connected pair of in-memory stream sockets held by this process (UNIX {@code socketpair}), each
     * direction bounded by {@link PairSocket#DEFAULT_BUFFER}; not made by the machine's factory, so no
     * module interposes on it.
     */
    public StreamSocket[] socketPair() {
        PairSocket[] pair = PairSocket.open(machine, this, PairSocket.DEFAULT_BUFFER);
        return new StreamSocket[] {register(pair[0]), register(pair[1])};
    }

    /** A new ICMP datagram ("ping") socket, made by the machine's {@link SocketFactory}. */
    public IcmpSocket icmpSocket() { return register(SocketFactory.of(machine).icmpSocket(this)); }

    /**
     * BSD poll: sets each descriptor's {@link PollFd#revents} and returns how many are ready, waiting at
     * most {@code timeoutNs} (0 = do not wait, {@link #FOREVER} = no limit) for the first one.
     */
    public int poll(long timeoutNs, PollFd... fds) {
        long deadline = deadline(timeoutNs);
        boolean waiting = false;
        try {
            while (true) {
                int ready = 0;
                for (PollFd fd : fds) if (fd.update() != 0) ready++;
                if (ready > 0 || timeoutNs == 0 || sim.now() >= deadline) return ready;
                if (!waiting) {
                    for (PollFd fd : fds) KernelSocket.of(fd.socket()).enlist(this);
                    waiting = true;
                }
                park(deadline);
            }
        } finally {
            if (waiting) for (PollFd fd : fds) KernelSocket.of(fd.socket()).stopWaiting(this);
        }
    }

    /**
     * BSD select on top of {@link #poll}: waits at most {@code timeoutNs} (0 = do not wait,
     * {@link #FOREVER} = no limit) until a socket of {@code read} can be read or accepted from, or one of
     * {@code write} written, without blocking, and returns those ready then. EBADF if a socket is or
     * gets closed.
     */
    public Selection select(Collection<? extends Socket> read, Collection<? extends Socket> write, long timeoutNs) {
        PollFd[] fds = new PollFd[read.size() + write.size()];
        int i = 0;
        for (Socket s : read) fds[i++] = new PollFd(s, PollFd.POLLIN);
        for (Socket s : write) fds[i++] = new PollFd(s, PollFd.POLLOUT);
        poll(timeoutNs, fds);
        // Whatever poll reports makes the matching call return at once (errors and hang-ups too, as Linux's select counts them).
        List<Socket> readable = new ArrayList<>(), writable = new ArrayList<>();
        for (i = 0; i < fds.length; i++) {
            int ready = fds[i].revents();
            if ((ready & PollFd.POLLNVAL) != 0) throw KernelSocket.of(fds[i].socket()).fail(Errno.EBADF, "select");
            if (ready != 0) (i < read.size() ? readable : writable).add(fds[i].socket());
        }
        return new Selection(readable, writable);
    }

    /**
     * The IPv4 address of the host called {@code name}. A dotted quad is its own address. On a machine
     * with name servers configured ({@link ResolvConf}, from the description or DHCP) the machine's
     * {@link StubResolver} asks them, blocking this process until it hears: EAI_NONAME when the name
     * does not exist or has no address, EAI_AGAIN when no server answered or all failed. Elsewhere the
     * simulation's {@link HostNames} answer at once with a machine's address (EAI_NONAME if none).
     */
    public int getaddrinfo(String name) {
        if (!StubResolver.configured(machine) || isDottedQuad(name)) {
            int ip = HostNames.of(sim).resolve(name);
            if (ip == -1) throw new ErrnoException(Errno.EAI_NONAME, "getaddrinfo '" + name + "'");
            return ip;
        }
        long[] heard = {-1, -1};     // outcome ordinal, address
        StubResolver.of(machine).resolve(name, owner, (outcome, address) -> {
            heard[0] = outcome.ordinal();
            heard[1] = address;
            wake();
        });
        while (heard[0] < 0) park(Long.MAX_VALUE);
        return switch (StubResolver.Outcome.values()[(int) heard[0]]) {
            case RESOLVED -> (int) heard[1];
            case NXDOMAIN, NODATA -> throw new ErrnoException(Errno.EAI_NONAME, "getaddrinfo '" + name + "'");
            case SERVFAIL, TIMEOUT -> throw new ErrnoException(Errno.EAI_AGAIN, "getaddrinfo '" + name + "'");
        };
    }

    private static boolean isDottedQuad(String name) {
        try {
            Ipv4Address.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    long deadline(long timeoutNs) {
        if (timeoutNs < 0 && timeoutNs != FOREVER) throw new IllegalArgumentException("negative timeout: " + timeoutNs);
        return timeoutNs == FOREVER ? Long.MAX_VALUE : Math.addExact(sim.now(), timeoutNs);
    }

    /** Suspends this (running) process until {@link #wake} or virtual time {@code deadline}. */
    void park(long deadline) {
        if (killed) throw new ProcessKilled();
        if (dispatcher.running != this) throw new IllegalStateException("a process blocks only from its own code");
        Timer timer = deadline == Long.MAX_VALUE ? null : sim.timer(deadline - sim.now(), this::wake);
        parked = true;
        try {
            Coroutine.suspend();
        } finally {
            if (timer != null) timer.cancel();
        }
        if (killed) throw new ProcessKilled();
    }

    /**
     * Resumes the process if it is parked. Called from kernel events; from inside another process the
     * resumption waits for the next event, so that processes never nest.
     */
    void wake() {
        if (!parked) return;
        if (dispatcher.running != null) {
            sim.schedule(0, this::wake);
            return;
        }
        parked = false;
        dispatcher.running = this;
        try {
            coroutine.resume();
        } finally {
            dispatcher.running = null;
        }
    }

    /** Keeps {@code s}, as the factory made it, to close at exit; its kernel socket knows it as what the application holds. */
    private <S extends Socket> S register(S s) {
        KernelSocket k = KernelSocket.of(s);
        k.outer = s;
        if (k.owner == null) k.owner = this;     // a pair end made for this process by event code (a module chain's)
        if (sockets == null) sockets = new ArrayList<>(2);
        sockets.add(s);
        return s;
    }

    void adopt(Socket s) { register(s); }

    /** False once the process is ending or killed: a blocking call would not return. */
    boolean canBlock() { return !killed && !done; }

    /** The process running now in this process's kernel (the caller of a socket call), or null in event code. */
    Process caller() { return dispatcher.running; }

    void release(Socket s) { if (sockets != null) sockets.remove(s); }
}
