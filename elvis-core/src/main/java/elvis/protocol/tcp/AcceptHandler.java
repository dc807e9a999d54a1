package elvis.protocol.tcp;

/** A listener's application: receives each connection once its handshake completes, from the kernel's upcall drain. */
@FunctionalInterface
public interface AcceptHandler {
    /** Returns the handler for the new, ESTABLISHED connection. */
    ConnectionHandler accepted(TcpConnection c);
}
