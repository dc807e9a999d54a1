package elvis.socket;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A coroutine on the JDK's internal one-shot continuation: on JDK 25 about 150 ns a suspend/resume
 * round trip and 460–490 bytes for a parked process (the process, its continuation stack and its
 * timer; measured by {@code elvis bench sockets} and {@code ProcessSwitchBench}, see
 * docs/performance.md). When it was chosen, a first measurement gave 130 ns and 400 B against 200 ns
 * and 700 B for a virtual thread driven by a private executor. It never touches a scheduler or
 * another thread, so only the kernel's event loop resumes it and runs stay deterministic.
 */
final class ContinuationCoroutine extends Continuation implements Coroutine {
    private static final ContinuationScope SCOPE = new ContinuationScope("elvis-process");

    private final Process process;

    ContinuationCoroutine(Process process, Runnable body) {
        super(SCOPE, body);
        this.process = process;
    }

    @Override
    public boolean resume() {
        run();
        return isDone();
    }

    static Process current() {
        return Continuation.getCurrentContinuation(SCOPE) instanceof ContinuationCoroutine c ? c.process : null;
    }

    static void suspend() { Continuation.yield(SCOPE); }

    /** A native frame (e.g. a class initializer or a reflective call) is on the stack: it cannot be parked. */
    @Override
    protected void onPinned(Continuation.Pinned reason) {
        throw new IllegalStateException("a process cannot block here (" + reason + "): block only in socket calls and sleep");
    }
}
