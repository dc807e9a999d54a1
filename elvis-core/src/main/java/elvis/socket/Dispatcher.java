package elvis.socket;

import elvis.sim.Simulator;

/**
 * Which process of a kernel runs now, and which are alive. The kernel resumes processes one at a
 * time, so one slot per kernel answers "who is calling?" and "are we inside a process?" with a field
 * read instead of a lookup of the thread's current continuation on every blocking call and wake-up.
 */
final class Dispatcher {
    Process running;        // null while event code runs
    private Process first, last;   // the live processes in creation order, linked through them

    static Dispatcher of(Simulator sim) { return sim.extension(Dispatcher.class, s -> new Dispatcher()); }

    void born(Process p) {
        p.previousAlive = last;
        if (last == null) first = p;
        else last.nextAlive = p;
        last = p;
    }

    void ended(Process p) {
        if (p.previousAlive == null) first = p.nextAlive;
        else p.previousAlive.nextAlive = p.nextAlive;
        if (p.nextAlive == null) last = p.previousAlive;
        else p.nextAlive.previousAlive = p.previousAlive;
        p.previousAlive = p.nextAlive = null;
    }

    /** Kills every live process, oldest first, including any that their finally blocks start. */
    void killAll() {
        if (running != null) throw new IllegalStateException("processes are killed at the end of a run, not from a process");
        while (first != null) {
            Process p = first;
            p.killNow();
            if (first == p) throw new IllegalStateException("a process of " + p.owner().name() + " on " + p.machine().name() + " did not end when killed");
        }
    }
}
