package elvis.modnet;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.socket.DatagramSocket;
import elvis.socket.Process;
import elvis.socket.SocketFactory;
import elvis.socket.SocketWatch;
import elvis.socket.StreamSocket;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The socket factory of a machine ModNet was applied to: a TCP socket of an application with a chain
 * becomes a {@link Chain}'s intermediate socket; everything else is the wrapped factory's, untouched.
 */
final class Interposer implements SocketFactory {
    private final ModNet modnet;
    private final Machine machine;
    private final SocketFactory inner;
    List<String> machineChain = List.of();
    private Map<Application, List<String>> applicationChains;      // made on the first per-application apply

    Interposer(ModNet modnet, Machine machine, SocketFactory inner) {
        this.modnet = modnet;
        this.machine = machine;
        this.inner = inner;
    }

    Map<Application, List<String>> applicationChains() {
        if (applicationChains == null) applicationChains = new IdentityHashMap<>();
        return applicationChains;
    }

    /** The application's modules first (nearest to it), then the machine's. */
    private List<String> chainFor(Application app) {
        List<String> own = applicationChains == null ? null : applicationChains.get(app);
        if (own == null || own.isEmpty()) return machineChain;
        if (machineChain.isEmpty()) return own;
        List<String> all = new java.util.ArrayList<>(own);
        all.addAll(machineChain);
        return all;
    }

    @Override
    public StreamSocket streamSocket(Process owner) {
        StreamSocket real = inner.streamSocket(owner);
        List<String> names = chainFor(owner.owner());
        return names.isEmpty() ? real : new Chain(modnet, machine, owner.owner(), real, names, false).appSocket;
    }

    @Override
    public DatagramSocket datagramSocket(Process owner) { return inner.datagramSocket(owner); }

    @Override
    public StreamSocket accepted(StreamSocket connection) {
        StreamSocket presented = inner.accepted(connection);
        Application app = SocketWatch.owner(connection).owner();
        List<String> names = chainFor(app);
        if (names.isEmpty()) return presented;
        return new Chain(modnet, machine, app, presented, names, true).appSocket;
    }
}
