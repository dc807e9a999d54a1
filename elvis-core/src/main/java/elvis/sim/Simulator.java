package elvis.sim;

import java.util.function.Function;

/**
 * The discrete-event kernel as the model sees it: a virtual clock in nanoseconds, pending events,
 * per-entity random streams and per-kernel extensions. Protocols, machines and links use only this
 * type, so a kernel that paces virtual time to the wall clock (a TAP bridge) or one partition of a
 * parallel run can replace {@link SequentialSimulator} without touching them.
 *
 * <p><b>Canonical order.</b> Events run by time. Among the events of one instant, {@linkplain
 * #arrival arrivals over point-to-point links} run first, in (link, sequence) order; every other event
 * runs after them, in the order it was scheduled. The keys depend only on the model (a link's stable
 * name and the pipe's frame count), never on when the arrival was scheduled, so a run split into
 * partitions at point-to-point links replays exactly the sequential run's order within each
 * partition (docs/architecture.md, "The kernel").
 *
 * <p>The second group of methods (run, runUntil, stop, ...) is the driver's: the builder, the command
 * line or a partition runner calls them; model code never does.
 */
public interface Simulator {
    /** The sequential kernel: one thread, one clock. */
    static Simulator sequential(long seed) { return new SequentialSimulator(seed); }

    long seed();

    /** Current virtual time in nanoseconds. */
    long now();

    /** Runs {@code action} after {@code delay} ns (0 = now, after the events already due now). */
    void schedule(long delay, Runnable action);

    /** Runs {@code action} at absolute time {@code time} (not in the past). */
    void at(long time, Runnable action);

    /**
     * Runs {@code action} when the event now being dispatched returns, before the next event; outside
     * a run, as {@code schedule(0, action)}. What an event defers this way belongs to that event, so
     * it keeps its place however the run is partitioned (a same-instant event would be placed by
     * whichever partition scheduled first), and it costs no kernel event. Used by the boundary
     * between protocols and applications ({@code elvis.machine.Upcalls}).
     */
    void afterEvent(Runnable action);

    /** A cancellable {@link #schedule}. */
    default Timer timer(long delay, Runnable action) {
        Timer t = new Timer(action, now() + delay);
        schedule(delay, t);
        return t;
    }

    /**
     * Runs {@code arrival} at {@code time}, before every event of that instant not scheduled this way;
     * arrivals of one instant run by their (link, seq) keys. Partitions exchange frames only through
     * arrivals, so the time may lie ahead of this kernel's clock by a cut link's delay or more; it is
     * never in the past.
     */
    void arrival(long time, Arrival arrival);

    /** The random stream of the entity with a stable name; see {@link RandomStream#forEntity}. */
    default RandomStream random(String entityName) { return RandomStream.forEntity(seed(), entityName); }

    /**
     * This kernel's instance of {@code type}, created by {@code create} on first use: lets layers above
     * keep per-run state (as {@code Machine#extension} does per machine) without the kernel knowing them.
     */
    <T> T extension(Class<T> type, Function<Simulator, T> create);

    // ---- the driver's side ----

    /** Virtual time of the last event dispatched (0 before any): {@link #now} may be later, after {@link #runUntil}. */
    long lastEventTime();

    /** Events dispatched so far (not counting lapsed ones: cancelled timers and the like, see {@link Lapsable}). */
    long eventsDispatched();

    int pendingEvents();

    /** Time of the earliest pending event (lapsed ones included), Long.MAX_VALUE when none: what a conservative partition runner compares. */
    long nextEventTime();

    /** Calls {@code hook} every {@code everyEvents} dispatched events (it must not schedule anything). */
    void onProgress(long everyEvents, Runnable hook);

    /** Runs until no event is pending or {@link #stop()} is called. */
    default void run() { runUntil(Long.MAX_VALUE); }

    /**
     * Runs every event due at or before {@code endTime}, then leaves the clock at {@code endTime}
     * (or at the last event's time when the queue empties first, or when stopped).
     */
    void runUntil(long endTime);

    /**
     * Runs every event due at or before {@code endTime} and leaves the clock at the last one: one
     * window of a partition of a parallel run ({@code elvis.parallel.PartitionRunner}), whose clock
     * must not pass the run's last event (what shutdown sends is stamped with it).
     */
    void runThrough(long endTime);

    /**
     * Makes the current run return after the event it is dispatching, or the next run return at once
     * when none is going on. Other threads may call it (the command line does when interrupted).
     */
    void stop();
}
