package elvis.modnet;

import java.util.List;

/**
 * A ModNet module: code interposed on the TCP sockets of the machines and applications it is applied
 * to ({@link ModNet#apply}), registered by name per simulation ({@link ModNet#register}). Each stolen
 * socket gives it a {@link ModulePair}: a left end towards the application and a right end towards the
 * network (the real socket, or the next module's left end in a chain). It reads from one end,
 * optionally transforms, and writes to the other, both ways, with the event API
 * ({@link ModulePair#handle}) or as a blocking process ({@link ModulePair#run}). One object serves
 * every machine it is applied to; {@link ModulePair#machine} tells them apart. A module that throws
 * fails the pair it was serving (both ends reset), never the simulation.
 */
public interface Module {
    /**
     * The steal callback: the pairs stolen for this module on one machine since the last call, oldest
     * first, run from the kernel's upcall drain once per instant (a batch). The module takes each with
     * {@link ModulePair#handle} or {@link ModulePair#run}; until it does, their data waits in the ends.
     * If this throws, every pair of the batch not yet taken fails.
     */
    void stolen(List<ModulePair> batch);

    /** What this module measured beyond the framework's counters, for --json (numbers, strings, lists and maps of them); none by default. */
    default java.util.Map<String, Object> results() { return java.util.Map.of(); }
}
