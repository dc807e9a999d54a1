package elvis.modnet;

import elvis.socket.Process;

/**
 * A blocking module's code for one pair ({@link ModulePair#run}): straight-line socket calls on
 * {@link ModulePair#left} and {@link ModulePair#right} in a process of its own. When it returns, the
 * ends it left open are closed; if it throws (a reset on an end included), the pair fails: both ends reset.
 */
@FunctionalInterface
public interface PairProgram {
    void run(Process self, ModulePair pair) throws Exception;
}
