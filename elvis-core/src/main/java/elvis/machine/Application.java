package elvis.machine;

/**
 * Code that runs on a machine, driven by events. An application that throws fails alone:
 * the machine records the failure and the simulation goes on.
 */
public interface Application {
    /** Name shown in results, e.g. "capture". */
    String name();

    /** Called once, at time 0, when the simulation starts. */
    void start(Machine machine);

    /** Whether the application has a goal (e.g. an expected number of messages). */
    default boolean hasGoal() { return false; }

    /** Whether the goal is met; meaningful only when {@link #hasGoal}. */
    default boolean goalMet() { return true; }

    /**
     * Virtual time at which the application finished its work (its last message sent, its goal
     * reached, its connection closed), or -1 while it has not, or when it never ends (a server).
     * Results report the latest, which is the end of the run as a user means it: timers such as
     * TCP's TIME-WAIT may keep the kernel busy long after.
     */
    default long finishedAtNs() { return -1; }

    /**
     * Its machine went down ({@code Simulation.setMachineUp}: a crash, a power cut), before its links
     * do. An application that keeps no state across a reboot, as a routing daemon, drops it here;
     * by default nothing happens.
     */
    default void machineDown() { }

    /** Its machine came back up, after its links: such an application starts afresh; by default nothing happens. */
    default void machineUp() { }

    /** One line for the results, e.g. "received 1 of 1". */
    String summary();

    /**
     * What the application measured, for the JSON results (values: numbers, strings, lists and maps
     * of them), and the lines it printed under {@code "output"}; empty by default.
     */
    default java.util.Map<String, Object> results() { return java.util.Map.of(); }
}
