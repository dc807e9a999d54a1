package elvis.protocol.tcp;

import elvis.sim.Lapsable;
import elvis.sim.Simulator;

/**
 * A restartable timer that costs no allocation and, when pushed later (the retransmission timer on
 * every ACK), no new kernel event: the pending event wakes up, sees the later deadline and sleeps
 * again once. Only moving the deadline earlier schedules another event. Stale events, and the event
 * of a stopped timer, lapse: the kernel drops them without moving the clock, so a connection that
 * ends leaves no retransmission timeout behind to stretch the run.
 */
final class TcpTimer extends Lapsable {
    private final Simulator sim;
    private final Runnable action;
    private long deadline = -1;      // -1 = stopped
    private long wakeup = -1;        // time of the kernel event that counts, -1 = none

    TcpTimer(Simulator sim, Runnable action) {
        this.sim = sim;
        this.action = action;
    }

    void start(long delayNs) {
        deadline = sim.now() + delayNs;
        if (wakeup < 0 || wakeup > deadline) {
            wakeup = deadline;
            sim.schedule(delayNs, this);
        }
    }

    void stop() { deadline = -1; }

    boolean running() { return deadline >= 0; }

    long deadline() { return deadline; }

    @Override
    protected boolean lapsed(long time) {
        if (time != wakeup) return true;       // superseded by an earlier wake-up
        if (deadline >= 0) return false;
        wakeup = -1;                           // stopped: this wake-up is gone, a later start schedules anew
        return true;
    }

    @Override
    public void run() {
        long now = sim.now();
        wakeup = -1;
        if (now >= deadline) {
            deadline = -1;
            action.run();
        } else {
            wakeup = deadline;
            sim.schedule(deadline - now, this);
        }
    }
}
