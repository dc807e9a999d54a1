package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.UdpSession;

import java.util.List;


/**
 * Two machines bounce a one-byte counter: the starter sends 255, and whoever receives n > 0 answers
 * n - 1. The game ends when 0 is sent or received; each side's goal is to see it end.
 */
public final class PingPong implements Application {
    public static final int START = 255;

    private final int localPort, peerIp, peerPort;
    private final boolean starter;
    private long received;
    private boolean finished;
    private long finishedAtNs = -1;

    public PingPong(int localPort, int peerIp, int peerPort, boolean starter) {
        this.localPort = localPort;
        this.peerIp = peerIp;
        this.peerPort = peerPort;
        this.starter = starter;
    }

    @Override public String name() { return "ping_pong"; }

    @Override
    public void start(Machine machine) {
        UdpSession[] s = new UdpSession[1];
        s[0] = machine.udp().bind(localPort, this, (data, ip, port) -> {
            if (data.length() != 1 || finished) return;
            received++;
            int n = data.u8(0);
            if (n == 1) s[0].sendTo(peerIp, peerPort, Message.wrap(new byte[] {0}));
            else if (n > 1) { s[0].sendTo(peerIp, peerPort, Message.wrap(new byte[] {(byte) (n - 1)})); return; }
            finished = true;
            finishedAtNs = machine.sim().now();
        });
        if (starter) s[0].sendTo(peerIp, peerPort, Message.wrap(new byte[] {(byte) START}));
    }

    public long received() { return received; }

    @Override public boolean hasGoal() { return true; }

    @Override public boolean goalMet() { return finished; }

    @Override public long finishedAtNs() { return finishedAtNs; }

    @Override public String summary() { return "received " + received + " balls" + (finished ? ", game over" : ", game unfinished"); }

    /** {@code ping_pong}: ip, to, local_port, remote_port, starter. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("ping_pong", List.of(
                    Attribute.ipv4("ip").required().doc("local address"),
                    Attribute.destination("to").required().doc("the other side"),
                    Attribute.port("local_port").required().doc("port listened on"),
                    Attribute.port("remote_port").required().doc("the other side's port"),
                    Attribute.bool("starter").byDefault(false).doc("`true` on the side that starts")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("ip")) a.ipv4("ip");
            int to = context.destination(a, "to");
            return new PingPong(a.port("local_port"), to, a.port("remote_port"), a.bool("starter", false));
        }
    }
}
