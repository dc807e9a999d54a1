package elvis.sim;

import elvis.util.Extensions;

import java.util.function.Function;

/**
 * The discrete-event kernel: a virtual clock in nanoseconds and the pending events. Single-threaded
 * by design; every protocol action runs to completion inside one event.
 */
public final class Simulator {
    private final long seed;
    private final EventQueue queue = new EventQueue();
    private long now;
    private long lastEventTime;
    private long events;
    private volatile boolean stopped;    // volatile: stop() may come from another thread
    private Runnable progress;           // called every progressEvery events, for progress displays
    private long progressEvery = Long.MAX_VALUE, progressCountdown = Long.MAX_VALUE;
    private Extensions extensions;   // per-kernel state of higher layers (e.g. which process runs), created on first use

    public Simulator(long seed) { this.seed = seed; }

    public long seed() { return seed; }

    /** Current virtual time in nanoseconds. */
    public long now() { return now; }

    /** Virtual time of the last event dispatched (0 before any): {@link #now} may be later, after {@link #runUntil}. */
    public long lastEventTime() { return lastEventTime; }

    /** Events dispatched so far (not counting lapsed ones: cancelled timers and the like, see {@link Lapsable}). */
    public long eventsDispatched() { return events; }

    public int pendingEvents() { return queue.size(); }

    /** Runs {@code action} after {@code delay} ns (0 = now, after the events already due now). */
    public void schedule(long delay, Runnable action) {
        if (delay < 0) throw new IllegalArgumentException("negative delay: " + delay);
        queue.add(Math.addExact(now, delay), action, now);
    }

    /** Runs {@code action} at absolute time {@code time} (not in the past). */
    public void at(long time, Runnable action) {
        if (time < now) throw new IllegalArgumentException("time " + time + " is before now " + now);
        schedule(time - now, action);
    }

    /** A cancellable {@link #schedule}. */
    public Timer timer(long delay, Runnable action) {
        Timer t = new Timer(action, now + delay);
        schedule(delay, t);
        return t;
    }

    /** The random stream of the entity with a stable name; see {@link RandomStream#forEntity}. */
    public RandomStream random(String entityName) { return RandomStream.forEntity(seed, entityName); }

    /**
     * This kernel's instance of {@code type}, created by {@code create} on first use: lets layers above
     * keep per-run state (as {@code Machine#extension} does per machine) without the kernel knowing them.
     */
    public <T> T extension(Class<T> type, Function<Simulator, T> create) {
        if (extensions == null) extensions = new Extensions();
        return extensions.get(type, this, create);
    }

    /** Calls {@code hook} every {@code everyEvents} dispatched events (it must not schedule anything). */
    public void onProgress(long everyEvents, Runnable hook) {
        if (everyEvents <= 0) throw new IllegalArgumentException("everyEvents must be positive");
        progress = hook;
        progressEvery = progressCountdown = everyEvents;
    }

    /** Runs until no event is pending or {@link #stop()} is called. */
    public void run() { runUntil(Long.MAX_VALUE); }

    /**
     * Runs every event due at or before {@code endTime}, then leaves the clock at {@code endTime}
     * (or at the last event's time when the queue empties first, or when stopped).
     */
    public void runUntil(long endTime) {
        while (!stopped) {
            long time;
            Runnable next;
            // Lapsed events (cancelled timers) go without a trace: the clock stays where the last real
            // event left it. Only a real event may end a stopped run, so the clock is never behind the
            // time the queue has moved on to (it relies on nothing being scheduled before that).
            do {
                time = queue.peekTime();
                if (time > endTime || queue.isEmpty()) {
                    if (endTime != Long.MAX_VALUE && endTime > now) now = endTime;
                    return;
                }
                next = queue.poll();
            } while (next instanceof Lapsable l && l.lapsed(time));
            lastEventTime = now = time;
            events++;
            next.run();
            if (--progressCountdown == 0) {
                progressCountdown = progressEvery;
                progress.run();
            }
        }
        stopped = false;                 // the request is used up: a later run goes on
    }

    /**
     * Makes the current run return after the event it is dispatching, or the next run return at once
     * when none is going on. Other threads may call it (the command line does when interrupted).
     */
    public void stop() { stopped = true; }
}
