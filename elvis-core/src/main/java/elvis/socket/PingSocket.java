package elvis.socket;

import elvis.message.Message;
import elvis.protocol.icmp.EchoHandler;
import elvis.protocol.icmp.EchoSession;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Address;

import java.util.ArrayDeque;

/** The kernel's {@link IcmpSocket}, over an {@link EchoSession} of the machine's {@link Icmp}: ICMP deposits here at once. */
final class PingSocket extends KernelSocket implements IcmpSocket, EchoHandler {
    /** Replies kept before the oldest is dropped, as a receive buffer would. */
    static final int QUEUE_LIMIT = 1024;
    private final EchoSession session;
    private final ArrayDeque<IcmpMessage> queue = new ArrayDeque<>(2);
    private int ttl = Ipv4.DEFAULT_TTL;

    PingSocket(Process owner) {
        super(owner);
        session = Icmp.of(machine).openEcho(this);
    }

    @Override
    public void setTtl(int ttl) {
        checkOpen();
        if (ttl < 1 || ttl > 255) throw fail(Errno.EINVAL, "IP_TTL " + ttl);
        this.ttl = ttl;
    }

    /** The kernel-chosen echo identifier. */
    @Override
    public int localPort() { return session.identifier(); }

    @Override
    public void bind(int port) { throw fail(Errno.EINVAL, "bind: a ping socket's identifier is the kernel's"); }

    @Override
    public int sendEcho(int address, int sequence, Message data) {
        checkOpen();
        if (sequence < 0 || sequence > 65535) throw fail(Errno.EINVAL, "sequence " + sequence);
        if (data.length() > DatagramSocket.MAX_PAYLOAD) throw fail(Errno.EMSGSIZE, "echo of " + data.length() + " bytes");
        if (!session.send(address, sequence, data, ttl)) throw fail(Errno.ENETUNREACH, "echo to " + Ipv4Address.format(address));
        return data.length();
    }

    @Override
    public IcmpMessage receive(long timeoutNs) {
        checkOpen();
        long deadline = owner.deadline(timeoutNs);
        if (queue.isEmpty() && timeoutNs != 0) {
            Process p = startWaiting();
            try {
                while (queue.isEmpty() && machine.sim().now() < deadline) await(p, deadline);
            } finally {
                stopWaiting(p);
            }
        }
        return queue.poll();
    }

    @Override
    public void echo(int type, int code, int from, int sequence, int ttl, Message data) {
        if (closed) return;
        if (queue.size() == QUEUE_LIMIT) {
            queue.poll();
            machine.drop(SocketDrop.SOCKET_BUFFER);
        }
        queue.add(new IcmpMessage(type, code, from, sequence, ttl, data, machine.sim().now()));
        ready();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        session.close();
        queue.clear();
        released();
        ready();
    }

    @Override
    public int readiness() {
        if (closed) return PollFd.POLLNVAL;
        return queue.isEmpty() ? PollFd.POLLOUT : PollFd.POLLOUT | PollFd.POLLIN;
    }

    @Override
    public String toString() { return "icmp " + machine.name() + " id " + localPort(); }
}
