package elvis.sim;

import elvis.util.Extensions;

import java.util.function.Function;

/**
 * The sequential kernel: single-threaded by design; every protocol action runs to completion inside
 * one event. Point-to-point arrivals wait in their own queue ({@link ArrivalQueue}) and win ties
 * against the main queue, which costs the loop one compare per event.
 */
public final class SequentialSimulator implements Simulator {
    private final long seed;
    private final EventQueue queue = new EventQueue();
    private final ArrivalQueue arrivals = new ArrivalQueue();
    private long now;
    private long lastEventTime;
    private long events;
    private volatile boolean stopped;    // volatile: stop() may come from another thread
    private Runnable progress;           // called every progressEvery events, for progress displays
    private long progressEvery = Long.MAX_VALUE, progressCountdown = Long.MAX_VALUE;
    private boolean running;             // inside runUntil: every caller is an event
    private Runnable firstAfter;                  // the current event's first afterEvent action (usually its only one)
    private Runnable[] after = new Runnable[2];   // its second and later ones
    private int afterCount;                       // how many the current event deferred
    private Extensions extensions;   // per-kernel state of higher layers (e.g. which process runs), created on first use

    SequentialSimulator(long seed) { this.seed = seed; }   // through Simulator.sequential

    @Override public long seed() { return seed; }

    @Override public long now() { return now; }

    @Override public long lastEventTime() { return lastEventTime; }

    @Override public long eventsDispatched() { return events; }

    @Override public int pendingEvents() { return queue.size() + arrivals.size(); }

    @Override public long nextEventTime() { return Math.min(queue.peekTime(), arrivals.peekTime()); }

    @Override
    public void schedule(long delay, Runnable action) {
        if (delay < 0) throw new IllegalArgumentException("negative delay: " + delay);
        queue.add(Math.addExact(now, delay), action, now);
    }

    @Override
    public void at(long time, Runnable action) {
        if (time < now) throw new IllegalArgumentException("time " + time + " is before now " + now);
        queue.add(time, action, now);
    }

    @Override
    public void arrival(long time, Arrival arrival) {
        if (time < now) throw new IllegalArgumentException("arrival time " + time + " is before now " + now);
        arrivals.add(time, arrival, now);
    }

    @Override
    public <T> T extension(Class<T> type, Function<Simulator, T> create) {
        if (extensions == null) extensions = new Extensions();
        return extensions.get(type, this, create);
    }

    @Override
    public void onProgress(long everyEvents, Runnable hook) {
        if (everyEvents <= 0) throw new IllegalArgumentException("everyEvents must be positive");
        progress = hook;
        progressEvery = progressCountdown = everyEvents;
    }

    @Override
    public void afterEvent(Runnable action) {
        if (!running) {
            schedule(0, action);
            return;
        }
        int n = afterCount;
        if (n == 0) firstAfter = action;    // the usual case (the upcall drain): a field, no array store check
        else {
            if (n - 1 == after.length) after = java.util.Arrays.copyOf(after, 2 * after.length);
            after[n - 1] = action;
        }
        afterCount = n + 1;
    }

    /** Runs what the event just dispatched deferred, in order; what they defer runs too. */
    private void runAfterEvent() {
        Runnable r = firstAfter;
        firstAfter = null;
        r.run();
        for (int i = 1; i < afterCount; i++) {
            Runnable s = after[i - 1];
            after[i - 1] = null;
            s.run();
        }
        afterCount = 0;
    }

    @Override
    public void runUntil(long endTime) {
        if (run(endTime) && endTime != Long.MAX_VALUE && endTime > now) now = endTime;
    }

    @Override
    public void runThrough(long endTime) { run(endTime); }

    /** Runs events due at or before {@code endTime}; false when stopped before it got there. */
    private boolean run(long endTime) {
        running = true;
        try {
            return loop(endTime);
        } finally {
            running = false;
        }
    }

    private boolean loop(long endTime) {
        while (!stopped) {
            long time;
            Runnable next;
            // Lapsed events (cancelled timers) go without a trace: the clock stays where the last real
            // event left it. Only a real event may end a stopped run, so the clock is never behind the
            // time the queue has moved on to (it relies on nothing being scheduled before that).
            do {
                long queued = queue.peekTime(), arriving = arrivals.peekTime();   // Long.MAX_VALUE when empty
                boolean arrival = arriving <= queued && arrivals.size() > 0;    // an arrival wins its instant
                time = arrival ? arriving : queued;
                if (time > endTime || (!arrival && queue.isEmpty())) return true;
                next = arrival ? arrivals.poll() : queue.poll();
            } while (next instanceof Lapsable l && l.lapsed(time));
            lastEventTime = now = time;
            events++;
            next.run();
            if (afterCount > 0) runAfterEvent();
            if (--progressCountdown == 0) {
                progressCountdown = progressEvery;
                progress.run();
            }
        }
        stopped = false;                 // the request is used up: a later run goes on
        return false;
    }

    @Override
    public void stop() { stopped = true; }
}
