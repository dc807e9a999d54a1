package elvis.sim;

/**
 * A cancellable scheduled action. Cancelling is O(1): the queue entry stays and is skipped when it
 * comes due, which is cheaper than removing it from the heap for the common retransmit-timer pattern.
 */
public final class Timer implements Runnable {
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
    public void run() {
        Runnable a = action;
        if (a != null) {
            action = null;
            a.run();
        }
    }
}
