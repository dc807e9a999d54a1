package elvis.sim;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The real-time kernel, for live emulation: virtual time follows the wall clock from the start of
 * the first run, an event is dispatched no earlier than its time, and other threads (a TAP device's
 * reader) hand in work through {@link #inject}, which runs as an event stamped with the virtual
 * time at which it was handed in. Everything else, the queue and the canonical order of an instant
 * included, is the sequential kernel's: this class drives one and adds only the pacing, so the model
 * sees the same {@link Simulator}. Not deterministic: the wall clock and the outside decide when
 * injected work runs (docs/live.md).
 *
 * <p>Lateness, the wall clock's lead over an event's time when it is dispatched, is measured for every
 * event ({@link #lateness}); with a bound ({@link #maxLatenessNs}), the run stops at the first event
 * later than that and {@link #latenessExceeded} says so.
 *
 * <p>When nothing is due the kernel thread parks until the next event's time or an injection; it spins
 * for the last {@link #spinNs} (100 µs unless set) because a parked thread wakes some tens of
 * microseconds late.
 */
public final class RealtimeSimulator implements Simulator {
    /** How long before an event's time the kernel stops parking and spins, unless {@link #spinNs(long)} says otherwise. */
    public static final long DEFAULT_SPIN_NS = 100_000;

    private final SequentialSimulator inner;
    private final LongSupplier wallClock;                 // nanoseconds, monotonic
    private final ConcurrentLinkedQueue<Injected> injected = new ConcurrentLinkedQueue<>();
    private final Lateness lateness = new Lateness();
    private volatile Thread kernelThread;                 // the thread inside runUntil, null outside
    private volatile boolean stopped;
    private long wallOrigin = Long.MIN_VALUE;             // wall time at virtual time 0: set when the first run starts
    private long maxLatenessNs = Long.MAX_VALUE;
    private long spinNs = DEFAULT_SPIN_NS;
    private long exceededBy = -1;                         // the lateness that stopped the run, or -1
    private long startWall;                               // when the event being dispatched started (the previous one ended)
    private Runnable progress;
    private long progressEvery = Long.MAX_VALUE, progressCountdown = Long.MAX_VALUE;

    private record Injected(long virtualNs, Runnable action) { }

    public RealtimeSimulator(long seed) { this(seed, System::nanoTime); }

    /** With a wall clock of the caller's (tests). */
    RealtimeSimulator(long seed, LongSupplier wallClock) {
        this.inner = new SequentialSimulator(seed);
        this.wallClock = wallClock;
        inner.onProgress(1, this::dispatched);
    }

    /** Stops the run at the first event dispatched more than {@code ns} after its time (Long.MAX_VALUE: never). */
    public void maxLatenessNs(long ns) {
        if (ns <= 0) throw new IllegalArgumentException("the lateness bound must be positive: " + ns);
        maxLatenessNs = ns;
    }

    /**
     * Spins (instead of parking) for the last {@code ns} before each event: a longer spin makes
     * lateness smaller (a parked thread wakes tens to hundreds of microseconds late) at the cost of a
     * core busy for that long before each event (docs/live.md measures both). 0 never spins.
     */
    public void spinNs(long ns) {
        if (ns < 0) throw new IllegalArgumentException("the spin must not be negative: " + ns);
        spinNs = ns;
    }

    /** How long the kernel spins before each event. */
    public long spinNs() { return spinNs; }

    /** The lateness of every event dispatched so far. */
    public Lateness lateness() { return lateness; }

    /** The lateness that stopped the run (exceeding {@link #maxLatenessNs}), or -1 when none did. */
    public long latenessExceeded() { return exceededBy; }

    /**
     * Runs {@code action} in the kernel's thread as an event at the virtual time now (the wall clock's
     * reading mapped to virtual time, or the kernel's clock when that is later). Any thread may call
     * it; it is the only way in from outside the kernel's thread.
     */
    public void inject(Runnable action) {
        injected.add(new Injected(wallOrigin == Long.MIN_VALUE ? 0 : wallClock.getAsLong() - wallOrigin, action));
        Thread t = kernelThread;
        if (t != null) LockSupport.unpark(t);
    }

    /** Virtual time the wall clock has reached (0 before the first run). */
    public long wallVirtualNs() { return wallOrigin == Long.MIN_VALUE ? 0 : wallClock.getAsLong() - wallOrigin; }

    // ---- the model's side: the sequential kernel's ----

    @Override public long seed() { return inner.seed(); }
    @Override public long now() { return inner.now(); }
    @Override public void schedule(long delay, Runnable action) { inner.schedule(delay, action); }
    @Override public void at(long time, Runnable action) { inner.at(time, action); }
    @Override public void afterEvent(Runnable action) { inner.afterEvent(action); }
    @Override public void arrival(long time, Arrival arrival) { inner.arrival(time, arrival); }
    @Override public <T> T extension(Class<T> type, Function<Simulator, T> create) { return inner.extension(type, k -> create.apply(this)); }

    // ---- the driver's side ----

    @Override public long lastEventTime() { return inner.lastEventTime(); }
    @Override public long eventsDispatched() { return inner.eventsDispatched(); }
    @Override public int pendingEvents() { return inner.pendingEvents() + injected.size(); }
    @Override public long nextEventTime() { return injected.isEmpty() ? inner.nextEventTime() : inner.now(); }

    @Override
    public void onProgress(long everyEvents, Runnable hook) {
        if (everyEvents <= 0) throw new IllegalArgumentException("everyEvents must be positive");
        progress = hook;
        progressEvery = progressCountdown = everyEvents;
    }

    /**
     * After every event of the inner kernel: its lateness, the bound, the caller's progress hook. The
     * event started when the previous one of its batch ended, or when the batch started.
     */
    private void dispatched() {
        long late = startWall - wallOrigin - inner.lastEventTime();
        startWall = wallClock.getAsLong();
        lateness.record(late);
        if (late > maxLatenessNs && exceededBy < 0) {
            exceededBy = late;
            stop();
        }
        if (--progressCountdown == 0) {
            progressCountdown = progressEvery;
            progress.run();
        }
    }

    /**
     * Paces the run: dispatches each event when the wall clock reaches its time and injected work as
     * it comes, until virtual time {@code endTime} or {@link #stop}. Unlike the sequential kernel it
     * does not return when no event is pending (work may yet be injected).
     */
    /** A real-time run is never partitioned: its windows are the wall clock's. */
    @Override
    public void runThrough(long endTime) { throw new UnsupportedOperationException("a real-time run is not partitioned"); }

    @Override
    public void runUntil(long endTime) {
        if (wallOrigin == Long.MIN_VALUE) wallOrigin = wallClock.getAsLong() - inner.now();
        kernelThread = Thread.currentThread();
        try {
            while (!stopped) {
                for (Injected i; (i = injected.peek()) != null && Math.max(i.virtualNs, inner.now()) <= endTime; ) {
                    injected.poll();                        // what comes after the end waits for a later run
                    inner.at(Math.max(i.virtualNs, inner.now()), i.action);
                }
                long wall = wallVirtualNs();
                long next = Math.min(inner.nextEventTime(), endTime);
                if (next <= wall) {
                    startWall = wallClock.getAsLong();
                    inner.runUntil(next);                   // the events of that instant, and what they schedule for it
                    if (next == endTime && inner.nextEventTime() > endTime) break;
                    continue;
                }
                long wait = next - wall;
                if (wait > spinNs) LockSupport.parkNanos(this, wait - spinNs);
                else Thread.onSpinWait();
            }
        } finally {
            kernelThread = null;
            stopped = false;                                // the request is used up
        }
    }

    @Override
    public void stop() {
        stopped = true;
        inner.stop();
        Thread t = kernelThread;
        if (t != null) LockSupport.unpark(t);
    }
}
