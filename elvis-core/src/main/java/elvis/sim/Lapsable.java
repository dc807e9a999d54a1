package elvis.sim;

/**
 * An event that may lapse before it comes due: a cancelled timer, or a wake-up superseded by an
 * earlier one. The kernel asks {@link #lapsed} once, when the event comes due and before it moves the
 * clock, and drops a lapsed event without a trace: it neither runs, nor counts, nor advances the
 * clock, so a run whose last event is a cancelled timer ends at the time of its last real event.
 * A class, not an interface, so the kernel's per-event check is a cheap class test.
 */
public abstract class Lapsable implements Runnable {
    /**
     * Whether this event, due at {@code time}, has lapsed. Called exactly once per scheduled
     * occurrence, so an implementation may forget the occurrence here.
     */
    protected abstract boolean lapsed(long time);
}
