package elvis.cpu;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.sim.Simulator;
import elvis.sim.Timer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A machine's processors (REQUIREMENTS.md §9.1): {@link #cores} identical cores and named
 * {@link CpuCosts costs}. Work, a number of nanoseconds of one core's time, takes virtual time: it
 * is served by <b>weighted processor sharing</b>. Every {@link Task} with work is runnable and gets
 * a share of the cores proportional to its owner's {@link #priority} (its weight), never more than
 * one core: two runnable tasks of priorities 1 and 10 on one core progress at 1/11 and 10/11 of it;
 * n tasks on k ≥ n cores each run at full speed. A task serves its own jobs one after another (FIFO),
 * as a thread does; {@link #run} makes a task for one job, so separate calls run side by side.
 *
 * <p>Exact in virtual time: rates are rational numbers; a job's progress between two changes (an
 * arrival, a completion) is rounded down to whole nanoseconds of work, and its completion is the
 * first nanosecond at which its work is done. Every arrival and departure plans again; one timer
 * stands for the next completion.
 *
 * <p>Off by default. A machine without {@code cores} has unlimited cores (every task at full speed)
 * and, without costs, every {@link #cost} is 0; work of 0 ns completes at once inside the call, so
 * a model that charges nothing schedules nothing and changes no result. The per-machine instance is
 * a machine extension made on first use ({@link #of}).
 *
 * <p>An owner is whatever charges the work: an {@link Application} (processes charge their
 * application), a module, a protocol. Its {@link Account} holds its priority and the CPU time it got.
 * An owner's {@code done} callback that throws fails that application alone (or is recorded as an
 * internal error of the machine for other owners); the simulation goes on.
 */
public final class Cpu {
    /** Most cores a machine may declare. */
    public static final int MAX_CORES = 65_536;
    /** Highest priority (weight); the lowest is 1, the default. */
    public static final int MAX_PRIORITY = 1_000_000;
    public static final int DEFAULT_PRIORITY = 1;

    private final Machine machine;
    private final Simulator sim;
    private int cores;                                  // 0: unlimited
    private CpuCosts costs = CpuCosts.NONE;
    private static final Task[] NO_TASKS = new Task[0];
    // Small until used: a description may give a million machines cores.
    private final List<Account> accounts = new ArrayList<>();    // in order of first use: results list them so
    private final List<Task> runnable = new ArrayList<>();       // tasks with work, in the order they became runnable
    private Task[] byWeight = NO_TASKS;                           // scratch for planning
    private Timer next;
    private long lastAdvance;
    private long sequence;
    // The plan since lastAdvance: tasks not at full speed progress at weight · shareCores / shareWeight.
    private long shareCores, shareWeight;
    // Results
    private long busyCoreNs, jobIntegral, jobsCompleted;
    private int jobs, maxJobs;

    /**
     * What a description declares for a machine's processors.
     *
     * @param cores 0 for unlimited
     */
    public record Config(int cores, CpuCosts costs) {
        public Config {
            if (cores < 0 || cores > MAX_CORES) throw new IllegalArgumentException("cores must be 0 (unlimited) .. " + MAX_CORES + ": " + cores);
            java.util.Objects.requireNonNull(costs);
        }
    }

    private Cpu(Machine machine) {
        this.machine = machine;
        this.sim = machine.sim();
        this.lastAdvance = sim.now();
    }

    /** {@code machine}'s processors, made on first use (unlimited cores, no costs, until {@link #configure}d). */
    public static Cpu of(Machine machine) { return machine.extension(Cpu.class, Cpu::new); }

    /** {@code machine}'s processors if anything used or configured them, else null; makes nothing. */
    public static Cpu existing(Machine machine) { return machine.existingExtension(Cpu.class); }

    public Machine machine() { return machine; }

    /**
     * Sets the number of cores (0: unlimited) and the costs; done by the builder before the run,
     * allowed later (the running tasks are planned again from now).
     */
    public Cpu configure(int cores, CpuCosts costs) {
        Config c = new Config(cores, costs);
        advance();
        this.cores = c.cores();
        this.costs = c.costs();
        plan();
        return this;
    }

    /** The number of cores; 0 means unlimited (every runnable task at full speed). */
    public int cores() { return cores; }

    public CpuCosts costs() { return costs; }

    /** Whether the description gave this machine cores or costs (or code did, through {@link #configure}). */
    public boolean configured() { return cores > 0 || !costs.isEmpty(); }

    /** The CPU time in ns of {@code quantity} units of the cost called {@code name}; 0 when this machine declares none. */
    public long cost(String name, long quantity) { return costs.ns(name, quantity); }

    /**
     * As {@link #cost(String, long)}, but {@code defaultNsPerUnit} per unit when this machine declares
     * no cost called {@code name}: for modules whose work is never free (compression, chunking).
     */
    public long cost(String name, long quantity, double defaultNsPerUnit) {
        return costs.find(name) != null ? costs.ns(name, quantity) : (long) Math.ceil(defaultNsPerUnit * quantity);
    }

    // ---- owners ----

    /** What one owner (an application, a module) is charged: its priority and the CPU time it got. */
    public final class Account {
        private final Object owner;
        private final String name;
        private int priority = DEFAULT_PRIORITY;
        private long cpuNs, jobsCompleted;

        Account(Object owner) {
            this.owner = owner;
            this.name = owner instanceof Application a ? a.name() : owner == null ? "(no owner)" : owner.toString();
        }

        public Object owner() { return owner; }
        public String name() { return name; }
        public int priority() { return priority; }
        /** CPU time this owner's tasks got so far, in ns (work done, including jobs still running). */
        public long cpuNs() {
            advance();
            return cpuNs;
        }
        public long jobsCompleted() { return jobsCompleted; }
    }

    /** The account of {@code owner}, made on first use with the default priority. */
    public Account account(Object owner) {
        for (Account a : accounts) if (a.owner == owner) return a;
        if (aliases != null) for (int i = 0; i < aliases.size(); i += 2) if (aliases.get(i) == owner) return (Account) aliases.get(i + 1);
        Account a = new Account(owner);
        accounts.add(a);
        return a;
    }

    private List<Object> aliases;        // (owner, account) pairs: applications that charge a wrapper's account

    /**
     * {@code inner}, an application that {@code wrapper} made or started (an application started once
     * its names resolve, or once DHCP binds), charges {@code wrapper}'s account and has its priority.
     * Does nothing on a machine whose processors nobody configured or used: it costs nothing when off.
     */
    public static void sameAccount(Machine machine, Object wrapper, Object inner) {
        Cpu cpu = existing(machine);
        if (cpu == null || wrapper == inner) return;
        Account a = null;
        for (Account x : cpu.accounts) if (x.owner == wrapper) a = x;
        if (a == null) return;
        if (cpu.aliases == null) cpu.aliases = new ArrayList<>(2);
        cpu.aliases.add(inner);
        cpu.aliases.add(a);
    }

    /** Every owner that charged work or was given a priority here, in order of first use. */
    public List<Account> accounts() { return List.copyOf(accounts); }

    /** Sets {@code owner}'s priority, the weight of each of its tasks: 1 (default) .. {@link #MAX_PRIORITY}. */
    public void priority(Object owner, int priority) {
        if (priority < 1 || priority > MAX_PRIORITY) throw new IllegalArgumentException("priority must be 1.." + MAX_PRIORITY + ": " + priority);
        advance();
        account(owner).priority = priority;
        plan();
    }

    public int priority(Object owner) { return account(owner).priority; }

    // ---- work ----

    /** One piece of work: {@code work} ns of one core's time, then its callback. */
    public static final class Job {
        private final long work;
        private final Runnable done;
        private final Account account;
        private Task task;                 // null once finished or cancelled
        private boolean finished;

        Job(long work, Runnable done, Account account) {
            this.work = work;
            this.done = done;
            this.account = account;
        }

        public long work() { return work; }

        /** True once its work is done (its callback has run or is running). */
        public boolean finished() { return finished; }

        /** Withdraws the job if it has not finished: its callback never runs; the work done so far stays charged. */
        public void cancel() {
            Task t = task;
            if (t != null) t.cancel(this);
        }
    }

    /**
     * A sequence of jobs served in order, as one thread would run them, with its owner's priority:
     * a module's work for one connection, so that its results come out in order.
     */
    public final class Task {
        private final Account account;
        private final ArrayDeque<Job> queue = new ArrayDeque<>(2);
        private long remaining;          // of the head job
        private long order;              // when it last became runnable: ties in planning
        private boolean fullSpeed;       // this plan gives it a whole core

        private Task(Account account) { this.account = account; }

        /** Queues {@code ns} of work (≥ 0) behind this task's earlier jobs; {@code done} runs when it is done. */
        public Job run(long ns, Runnable done) {
            if (ns < 0) throw new IllegalArgumentException("negative work: " + ns);
            Job job = new Job(ns, java.util.Objects.requireNonNull(done), account);
            if (queue.isEmpty() && ns == 0) {          // nothing to wait for: at once, in the caller
                job.finished = true;
                account.jobsCompleted++;
                jobsCompleted++;
                done.run();
                return job;
            }
            job.task = this;
            advance();
            queue.add(job);
            countJobs(+1);
            if (queue.size() == 1) {
                remaining = ns;
                order = sequence++;
                runnable.add(this);
                plan();
            }
            return job;
        }

        /** Jobs queued here and not finished (the one in service included). */
        public int queued() { return queue.size(); }

        private void cancel(Job job) {
            advance();
            boolean head = queue.peekFirst() == job;
            queue.remove(job);
            job.task = null;
            countJobs(-1);
            if (head) {
                if (queue.isEmpty()) runnable.remove(this);
                else remaining = queue.peekFirst().work;
                plan();
            }
        }
    }

    /** A new task of {@code owner}: its jobs run one after another. */
    public Task task(Object owner) { return new Task(account(owner)); }

    /** Runs {@code ns} of {@code owner}'s work as a task of its own (side by side with its other work), then {@code done}. */
    public Job run(Object owner, long ns, Runnable done) { return task(owner).run(ns, done); }

    // ---- results ----

    /** Core time spent working since the start, in ns (a core busy for 1 ms counts 1 ms). */
    public long busyCoreNs() {
        advance();
        return busyCoreNs;
    }

    /** Busy core time ÷ (cores × elapsed) since the start: 0..1; NaN with unlimited cores or at time 0. */
    public double utilisation() {
        long now = sim.now();
        return cores == 0 || now == 0 ? Double.NaN : (double) busyCoreNs() / ((double) cores * now);
    }

    /** Jobs submitted and not finished: in service or waiting behind their task's earlier jobs. */
    public int queueLength() { return jobs; }

    public int maxQueueLength() { return maxJobs; }

    /** The time-average of {@link #queueLength} since the start; 0 at time 0. */
    public double meanQueueLength() {
        advance();
        long now = sim.now();
        return now == 0 ? 0 : (double) jobIntegral / now;
    }

    public long jobsCompleted() { return jobsCompleted; }

    /** Runnable tasks now (those with a job). */
    public int runnable() { return runnable.size(); }

    // ---- the scheduler ----

    private void countJobs(int delta) {
        jobs += delta;
        if (jobs > maxJobs) maxJobs = jobs;
    }

    /** Brings every runnable task's work, and the results, up to now under the current plan. */
    private void advance() {
        long now = sim.now();
        long dt = now - lastAdvance;
        if (dt <= 0) return;
        lastAdvance = now;
        int n = runnable.size();
        busyCoreNs = Exact.addProduct(busyCoreNs, dt, cores == 0 ? n : Math.min(cores, n));
        jobIntegral = Exact.addProduct(jobIntegral, dt, jobs);
        for (int i = 0; i < n; i++) {
            Task t = runnable.get(i);
            long done = t.fullSpeed ? dt : Exact.mulDivFloor(dt, t.account.priority * shareCores, shareWeight);
            if (done > t.remaining) done = t.remaining;
            t.remaining -= done;
            t.account.cpuNs += done;
        }
    }

    /**
     * Shares the cores among the runnable tasks (water-filling: a task whose weighted share would
     * exceed one core gets exactly one, the rest share what is left by weight) and sets the timer
     * for the first completion.
     */
    private void plan() {
        int n = runnable.size();
        if (n == 0) {
            if (next != null) next.cancel();
            next = null;
            return;
        }
        shareCores = 0;
        shareWeight = 0;
        if (cores == 0 || n <= cores) {
            for (int i = 0; i < n; i++) runnable.get(i).fullSpeed = true;
        } else {
            if (byWeight.length < n) byWeight = new Task[Math.max(n, byWeight.length * 2)];
            long weight = 0;
            for (int i = 0; i < n; i++) {
                Task t = runnable.get(i);
                byWeight[i] = t;
                t.fullSpeed = false;
                weight += t.account.priority;
            }
            Arrays.sort(byWeight, 0, n, HEAVIEST_FIRST);
            long left = cores;
            for (int i = 0; i < n; i++) {
                Task t = byWeight[i];
                if ((long) t.account.priority * left < weight) break;   // its share is below a core: so are the rest's
                t.fullSpeed = true;
                left--;
                weight -= t.account.priority;
            }
            Arrays.fill(byWeight, 0, n, null);
            shareCores = left;
            shareWeight = weight;
        }
        long now = sim.now(), first = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Task t = runnable.get(i);
            long takes = t.fullSpeed ? t.remaining : Exact.mulDivCeil(t.remaining, shareWeight, t.account.priority * shareCores);
            first = Math.min(first, takes > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + takes);
        }
        if (next != null && next.pending() && next.dueTime() == first) return;
        if (next != null) next.cancel();
        next = first == Long.MAX_VALUE ? null : sim.timer(first - now, this::complete);
    }

    private static final Comparator<Task> HEAVIEST_FIRST =
            Comparator.<Task>comparingInt(t -> -t.account.priority).thenComparingLong(t -> t.order);

    /** The timer: finishes every job whose work is done, plans again, then runs their callbacks in order. */
    private void complete() {
        next = null;
        advance();
        List<Job> finished = null;
        for (int i = 0; i < runnable.size(); ) {
            Task t = runnable.get(i);
            while (t.remaining == 0 && !t.queue.isEmpty()) {
                Job j = t.queue.pollFirst();
                j.task = null;
                j.finished = true;
                countJobs(-1);
                t.account.jobsCompleted++;
                jobsCompleted++;
                if (finished == null) finished = new ArrayList<>(2);
                finished.add(j);
                if (!t.queue.isEmpty()) t.remaining = t.queue.peekFirst().work;
            }
            if (t.queue.isEmpty()) runnable.remove(i);
            else i++;
        }
        plan();
        if (finished == null) return;
        for (Job j : finished) callback(j);
    }

    /** Runs a finished job's callback so that an exception fails its owner alone. */
    private void callback(Job j) {
        if (j.account.owner instanceof Application app) machine.guard(app, j.done);
        else machine.protect("CPU work of " + j.account.name, j.done);
    }
}
