package elvis.socket;

import elvis.machine.Machine;
import elvis.protocol.tcp.Tcp;

import java.util.Arrays;

/**
 * The TCP ports a machine's stream sockets hold from bind to close (UDP ports are held by UDP
 * itself). A port is in use while a socket holds it, something listens on it, or (without
 * SO_REUSEADDR) a connection, TIME-WAIT included, uses it.
 */
final class SocketTable {
    private final Machine machine;
    private int[] held = new int[2];     // few per machine: a linear scan
    private int count;
    private int nextEphemeral = Tcp.EPHEMERAL_FIRST;

    private SocketTable(Machine machine) { this.machine = machine; }

    /** The table of {@code machine}, kept with it as a machine extension. */
    static SocketTable of(Machine machine) { return machine.extension(SocketTable.class, SocketTable::new); }

    int bindTcp(int port, boolean reuseAddress, TcpSocket who) {
        if (port < 0 || port > 65535) throw who.fail(Errno.EINVAL, "bind to port " + port);
        if (port == 0) port = ephemeral(who);
        else if (!free(port, reuseAddress)) throw who.fail(Errno.EADDRINUSE, "bind to port " + port);
        if (count == held.length) held = Arrays.copyOf(held, count * 2);
        held[count++] = port;
        return port;
    }

    void releaseTcp(int port) {
        for (int i = 0; i < count; i++) {
            if (held[i] == port) {
                held[i] = held[--count];
                return;
            }
        }
    }

    private boolean free(int port, boolean reuseAddress) {
        for (int i = 0; i < count; i++) if (held[i] == port) return false;
        Tcp tcp = Tcp.of(machine);
        return !tcp.hasListener(port) && (reuseAddress || !tcp.hasConnection(port));
    }

    /** The next free port of the ephemeral range, round robin, so a closed one is reused once the others were. */
    private int ephemeral(TcpSocket who) {
        for (int tries = 0; tries <= 65535 - Tcp.EPHEMERAL_FIRST; tries++) {
            int p = nextEphemeral;
            nextEphemeral = p == 65535 ? Tcp.EPHEMERAL_FIRST : p + 1;
            if (free(p, false)) return p;
        }
        throw who.fail(Errno.EADDRINUSE, "no free ephemeral port");
    }
}
