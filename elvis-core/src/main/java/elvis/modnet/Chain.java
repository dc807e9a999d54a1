package elvis.modnet;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.machine.Upcall;
import elvis.protocol.tcp.TcpInfo;
import elvis.protocol.tcp.TcpState;
import elvis.socket.PairSocket;
import elvis.socket.SocketWatch;
import elvis.socket.StreamSocket;

import java.util.List;

/**
 * One stolen socket's chain (ModNet's Fig. 1): the application's intermediate socket, paired with the
 * first module's left end; the modules and the pairs between them are made when the real socket is
 * connected (at once for an accepted one), so modules only ever see connections. Until then it
 * watches the real socket, so that a non-blocking connect starts the chain and a poll on the
 * application's socket wakes.
 */
final class Chain extends Upcall {
    private final ModNet modnet;
    private final Machine machine;
    private final Application application;
    private final StreamSocket real;
    List<String> names;
    final IntermediateSocket appSocket;
    private final IntermediateSocket firstLeft;
    boolean started;
    private boolean watching;            // a watcher on the real socket until it connects (not for an accepted one)

    /** A chain on {@code real}, watching it until it connects unless {@code connected} (an accepted socket, started at once). */
    Chain(ModNet modnet, Machine machine, Application application, StreamSocket real, List<String> names, boolean connected) {
        this.modnet = modnet;
        this.machine = machine;
        this.application = application;
        this.real = real;
        this.names = names;
        PairSocket[] ends = PairSocket.open(machine, modnet.pairBuffer());
        appSocket = new IntermediateSocket(modnet, ends[0], real, this);
        firstLeft = new IntermediateSocket(modnet, ends[1], real, null);
        IntermediateSocket.connect(appSocket, firstLeft);
        if (connected) start();
        else {
            SocketWatch.set(real, this);
            watching = true;
        }
    }

    /** The real socket changed while the chain waits for it to connect. */
    @Override
    protected void run() {
        if (!started && connected(real)) start();
        SocketWatch.changed(appSocket);
    }

    private static boolean connected(StreamSocket s) {
        TcpInfo info = s.info();
        return info != null && info.state().ordinal() >= TcpState.ESTABLISHED.ordinal();
    }

    /** Steals the connected real socket: the modules get their pairs. */
    void start() {
        if (started) return;
        started = true;
        if (watching) SocketWatch.set(real, null);
        modnet.build(machine, application, names, firstLeft, new IntermediateSocket(modnet, real, real, null));
        SocketWatch.changed(appSocket);
    }

    /** The application closed its socket before any connection (a listener, a failed connect): close the real one. */
    void closeUnstarted() {
        if (watching) SocketWatch.set(real, null);
        real.close();
        firstLeft.end().close();
        appSocket.end().close();
    }

    @Override protected Machine machine() { return machine; }
    @Override protected Application application() { return application; }
}
