package elvis.socket;

/**
 * Code that can suspend itself and be resumed later on the same thread: the one seam between
 * processes and the mechanism that parks their stacks (today {@link ContinuationCoroutine}).
 */
interface Coroutine {
    /** Runs the body until it suspends or returns; true once it has returned. */
    boolean resume();

    /** The process whose body runs now, or null when no coroutine is running. */
    static Process current() { return ContinuationCoroutine.current(); }

    /** Suspends the running coroutine: its {@link #resume} call returns. */
    static void suspend() { ContinuationCoroutine.suspend(); }

    static Coroutine create(Process process, Runnable body) {
        try {
            return new ContinuationCoroutine(process, body);
        } catch (IllegalAccessError e) {
            throw new IllegalStateException("processes need the JVM flag --add-exports java.base/jdk.internal.vm=ALL-UNNAMED", e);
        }
    }
}
