package elvis.protocol.tcp;

import elvis.message.Message;

/**
 * What happens on a connection, as told to its application. Every method is optional. The calls come
 * from the kernel's {@link elvis.machine.Upcalls} drain, in the same instant as the segments that
 * caused them but never from inside TCP's processing, so a handler may send, close or abort freely.
 */
public interface ConnectionHandler {
    /**
     * True for the socket layer's handler alone: it only deposits data and readiness into socket
     * state (as BSD's sbappend and sowakeup do) and runs no application code, so TCP calls it at once,
     * keeping the socket's buffer and TCP's window in step. Application handlers keep the default.
     */
    default boolean depositsOnly() { return false; }

    /** An active open completed (ESTABLISHED). */
    default void connected(TcpConnection c) { }

    /** In-order bytes arrived; {@code data} shares the received segments' arrays. */
    default void data(TcpConnection c, Message data) { }

    /** Send-buffer space freed after {@link TcpConnection#send} accepted less than offered. */
    default void writable(TcpConnection c) { }

    /** The peer acknowledged our FIN, so all we sent arrived, while it may still send (FIN-WAIT-2). */
    default void finAcked(TcpConnection c) { }

    /** The peer sent FIN: no more data will arrive. */
    default void peerClosed(TcpConnection c) { }

    /** The connection is gone; no further calls follow. */
    default void closed(TcpConnection c, CloseReason reason) { }
}
