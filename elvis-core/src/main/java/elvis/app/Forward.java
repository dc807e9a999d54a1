package elvis.app;

import elvis.config.Attribute;
import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.udp.UdpSession;

import java.util.List;


/** Relays every datagram received on a local port to a fixed destination (a UDP relay). */
public final class Forward implements Application {
    private final int localPort, dstIp, dstPort;
    private long forwarded;

    public Forward(int localPort, int dstIp, int dstPort) {
        this.localPort = localPort;
        this.dstIp = dstIp;
        this.dstPort = dstPort;
    }

    @Override public String name() { return "forward"; }

    @Override
    public void start(Machine machine) {
        UdpSession[] session = new UdpSession[1];
        session[0] = machine.udp().bind(localPort, this, (data, ip, port) -> {
            if (session[0].sendTo(dstIp, dstPort, data)) forwarded++;
        });
    }

    public long forwarded() { return forwarded; }

    @Override public String summary() { return "forwarded " + forwarded; }

    /** {@code forward}: ip, to, local_port, remote_port. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("forward", List.of(
                    Attribute.ipv4("ip").required().doc("local address"),
                    Attribute.destination("to").required().doc("where to relay"),
                    Attribute.port("local_port").required().doc("port listened on"),
                    Attribute.port("remote_port").required().doc("port relayed to")));
        }

        @Override
        public Application create(Arguments a, Context context) {
            if (a.has("ip")) a.ipv4("ip");
            int to = context.destination(a, "to");
            return new Forward(a.port("local_port"), to, a.port("remote_port"));
        }
    }
}
