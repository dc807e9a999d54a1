package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.tcp.CloseReason;
import elvis.protocol.tcp.ConnectionHandler;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConnection;

/**
 * Sends {@code count} copies of a message over one TCP connection to ip:port, then closes. Every
 * copy shares the message's arrays (zero copy); a copy the send buffer takes only in part is
 * resumed where it stopped when the buffer drains.
 */
public final class TcpSendMessages implements Application {
    private final int dstIp, dstPort;
    private final Message message;
    private final long count, startNs;
    private long sent;            // copies fully queued
    private int partial;          // bytes of the current copy already queued
    private CloseReason outcome;
    private long finishedAtNs = -1;

    public TcpSendMessages(int dstIp, int dstPort, Message message, long count, long startNs) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("port must be 1..65535: " + dstPort);
        if (count < 0 || startNs < 0) throw new IllegalArgumentException("count and start must not be negative");
        if (message.isEmpty()) throw new IllegalArgumentException("the message must not be empty");
        this.dstIp = dstIp;
        this.dstPort = dstPort;
        this.message = message;
        this.count = count;
        this.startNs = startNs;
    }

    @Override
    public String name() { return "tcp_send_message"; }

    @Override
    public void start(Machine machine) {
        machine.sim().schedule(startNs, () -> machine.guard(this, () ->
                Tcp.of(machine).connect(dstIp, dstPort, this, new ConnectionHandler() {
                    @Override public void connected(TcpConnection c) { fill(c); }
                    @Override public void writable(TcpConnection c) { fill(c); }
                    @Override public void closed(TcpConnection c, CloseReason reason) {
                        outcome = reason;
                        finishedAtNs = machine.sim().now();
                    }
                })));
    }

    private void fill(TcpConnection c) {
        while (sent < count) {
            Message rest = message.slice(partial);
            int n = c.send(rest);
            if (n < rest.length()) { partial += n; return; }
            partial = 0;
            sent++;
        }
        c.close();
    }

    public long sent() { return sent; }
    public CloseReason outcome() { return outcome; }

    @Override
    public long finishedAtNs() { return finishedAtNs; }

    @Override
    public boolean hasGoal() { return true; }

    @Override
    public boolean goalMet() { return sent == count && outcome == CloseReason.NORMAL; }

    @Override
    public String summary() { return "sent " + sent + " of " + count + (outcome == null ? "" : ", " + outcome.name().toLowerCase()); }
}
