package elvis.dummynet.aqm;

import elvis.sim.RandomStream;

/**
 * The immutable parameters of an AQM, shared by every queue that uses it; each queue gets its own
 * {@link AqmController}. Parameter checks throw {@link IllegalArgumentException} with a message
 * that names the parameter, for the configuration layer to locate.
 */
public sealed interface AqmConfig permits Red, CoDel, Pie {
    /**
     * A controller for one queue. {@code random} is the queue's stream (RED and PIE draw from it);
     * {@code bandwidthBps} is the rate of the link the queue feeds (RED's idle-time decay; 0 = unknown).
     */
    AqmController newController(RandomStream random, long bandwidthBps);

    /** As ipfw writes it: {@code red 0.002/30/80/0.1}, {@code codel target 5ms interval 100ms ecn}. */
    String describe();

    static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
