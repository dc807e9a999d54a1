package elvis.modnet;

/**
 * The event API of a {@link ModulePair} ({@link ModulePair#handle}): callbacks run from the kernel's
 * upcall drain when an end's state changes, never inside TCP. They use the pair's non-blocking
 * {@link ModulePair#recv}, {@link ModulePair#send} and {@link ModulePair#shutdownWrite}. A callback
 * that throws fails the pair (both ends reset).
 */
public interface PairHandler {
    /** {@code side} has data to {@link ModulePair#recv} (or its end of stream, which recv reports by {@link #peerClosed}). */
    void readable(ModulePair pair, Side side);

    /** {@code side} takes bytes again after a {@link ModulePair#send} to it was short. */
    void writable(ModulePair pair, Side side);

    /** {@code side}'s peer shut down writing: recv on it has returned its end of stream (once). */
    void peerClosed(ModulePair pair, Side side);

    /**
     * The pair ended in any way (closed, failed by a reset or an exception, given away by a REPLACE
     * yield): no callback follows. Told once, so a module frees here what it held for the pair; the
     * real connection may still be sending what it was given ({@code TcpView.AckListener#closed}
     * says when that ends).
     */
    default void closed(ModulePair pair) { }

    /**
     * A yank of the right end asked with {@code dontWait}, which failed with EAGAIN while the next
     * module reconstructed, has its result ready ({@code PollFd.POLLYANK}, ModNet's EPOLL_YANK):
     * {@code pair.right().yank(...)} returns it. Told on each readiness change until collected.
     */
    default void yankReady(ModulePair pair) { }
}
