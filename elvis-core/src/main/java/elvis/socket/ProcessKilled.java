package elvis.socket;

/**
 * Thrown inside a process by the blocking call it was parked in when it is killed, so that its
 * {@code finally} blocks run. An {@link Error}, so that {@code catch (Exception e)} does not swallow it.
 */
public final class ProcessKilled extends Error {
    ProcessKilled() { super("process killed", null, false, false); }
}
