package elvis.protocol.tcp;

import elvis.message.Message;

/** What happens on a connection, as told to its application. Every method is optional. */
public interface ConnectionHandler {
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
