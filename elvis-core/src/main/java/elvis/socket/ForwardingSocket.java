package elvis.socket;

/**
 * What {@link ForwardingStreamSocket} and {@link ForwardingDatagramSocket} forward alike: the calls
 * every {@link Socket} has, to the socket {@code delegate} they wrap.
 */
public abstract class ForwardingSocket<S extends Socket> implements Socket {
    protected final S delegate;

    protected ForwardingSocket(S delegate) { this.delegate = java.util.Objects.requireNonNull(delegate); }

    @Override public void setNonBlocking(boolean on) { delegate.setNonBlocking(on); }
    @Override public boolean isNonBlocking() { return delegate.isNonBlocking(); }
    @Override public int localPort() { return delegate.localPort(); }
    @Override public void bind(int port) { delegate.bind(port); }
    @Override public void close() { delegate.close(); }
    @Override public int readiness() { return delegate.readiness(); }
    @Override public final Socket unwrap() { return delegate.unwrap(); }
    @Override public String toString() { return delegate.toString(); }
}
