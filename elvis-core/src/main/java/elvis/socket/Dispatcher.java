package elvis.socket;

import elvis.sim.Simulator;

/**
 * Which process of a kernel runs now. The kernel resumes processes one at a time, so one slot per
 * kernel answers "who is calling?" and "are we inside a process?" with a field read instead of a
 * lookup of the thread's current continuation on every blocking call and wake-up.
 */
final class Dispatcher {
    Process running;        // null while event code runs

    static Dispatcher of(Simulator sim) { return sim.extension(Dispatcher.class, s -> new Dispatcher()); }
}
