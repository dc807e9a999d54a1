package elvis.socket;

import elvis.machine.Machine;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Makes a machine's sockets: {@link Process#streamSocket()} and {@link Process#datagramSocket()} ask
 * the machine's factory, and a listening socket's {@link StreamSocket#accept} presents each new
 * connection through it. A module (ModNet) interposes on one machine's sockets by {@link #wrap wrapping}
 * its factory, typically returning {@link ForwardingStreamSocket} and {@link ForwardingDatagramSocket}
 * subclasses around the sockets the wrapped factory makes. Machines never wrapped use {@link #KERNEL}
 * and hold nothing for it.
 */
public interface SocketFactory {
    /** The kernel's sockets, unwrapped. */
    SocketFactory KERNEL = new SocketFactory() {
        @Override public StreamSocket streamSocket(Process owner) { return new TcpSocket(owner); }
        @Override public DatagramSocket datagramSocket(Process owner) { return new UdpSocket(owner); }
    };

    /** A new TCP socket owned by {@code owner}. */
    StreamSocket streamSocket(Process owner);

    /** A new UDP socket owned by {@code owner}. */
    DatagramSocket datagramSocket(Process owner);

    /** A new ICMP datagram (ping) socket owned by {@code owner}: the kernel's, which modules leave alone. */
    default IcmpSocket icmpSocket(Process owner) { return new PingSocket(owner); }

    /**
     * The socket an application gets for {@code connection}, just accepted on a listening socket; as it
     * is by default. A wrapping factory passes it to its delegate's first, then wraps what comes back.
     */
    default StreamSocket accepted(StreamSocket connection) { return connection; }

    /** {@code machine}'s factory. */
    static SocketFactory of(Machine machine) { return SocketFactories.of(machine.sim()).factory(machine); }

    /** Replaces {@code machine}'s factory with {@code wrapper} applied to it; sockets made from now on go through it. */
    static void wrap(Machine machine, UnaryOperator<SocketFactory> wrapper) {
        SocketFactory f = Objects.requireNonNull(wrapper.apply(of(machine)), "the wrapper returned no factory");
        SocketFactories.of(machine.sim()).set(machine, f);
    }
}
