package elvis.sim;

/**
 * A cancellable scheduled action. Cancelling is O(1): the queue entry stays and is dropped when it
 * comes due, which is cheaper than removing it from the heap for the common retransmit-timer pattern.
 * A cancelled timer never moves the clock (see {@link Lapsable}).
 */
public final class Timer extends Lapsable {
    private Runnable action;
    private final long dueTime;

    Timer(Runnable action, long dueTime) {
        this.action = action;
        this.dueTime = dueTime;
    }

    public long dueTime() { return dueTime; }

    /** True until the timer has fired or been cancelled. */
    public boolean pending() { return action != null; }

    public void cancel() { action = null; }

    @Override
    protected boolean lapsed(long time) { return action == null; }

    @Override
    public void run() {
        Runnable a = action;
        if (a != null) {
            action = null;
            a.run();
        }
    }
}
