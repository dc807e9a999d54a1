package elvis.protocol.tcp;

import elvis.machine.Application;

/** A passive open on a port (RFC 9293 LISTEN): SYNs become connections up to {@code backlog} half-open ones. */
public final class TcpListener {
    private final Tcp tcp;
    private final int port, backlog;
    TcpConfig config;            // for accepted connections; null = the TCP's current one
    final Application owner;
    final AcceptHandler handler;
    int halfOpen;            // connections in SYN-RECEIVED not yet accepted

    TcpListener(Tcp tcp, int port, int backlog, TcpConfig config, Application owner, AcceptHandler handler) {
        this.tcp = tcp;
        this.port = port;
        this.backlog = backlog;
        this.config = config;
        this.owner = owner;
        this.handler = handler;
    }

    public int port() { return port; }
    public int backlog() { return backlog; }

    /** The configuration of connections whose SYN arrives from now on (socket options set on a listener). */
    public void setConfig(TcpConfig config) { this.config = java.util.Objects.requireNonNull(config); }

    /** Stops accepting; established connections are unaffected. */
    public void close() { tcp.unlisten(this); }
}
