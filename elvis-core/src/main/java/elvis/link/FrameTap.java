package elvis.link;

import elvis.message.Message;

/** Observes a network's frames (packet capture, tracing). Taps never alter frames or timing. */
public interface FrameTap {
    /** Port {@code port} sent {@code frame} now. */
    default void transmitted(Network network, int port, Message frame) { }

    /** {@code frame} reached port {@code port} now, as received (possibly corrupted). */
    default void arrived(Network network, int port, Message frame) { }
}
