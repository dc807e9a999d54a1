package elvis.app;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.udp.UdpSession;

/**
 * Sends {@code count} copies of a payload to ip:port, one every {@code intervalNs} starting at
 * {@code startNs}. The payload is shared by every copy (zero copy); its checksum sum is computed once.
 */
public final class SendDatagrams implements Application {
    private final int dstIp, dstPort;
    private final Message payload;
    private final long count, intervalNs, startNs;
    private long sent;

    public SendDatagrams(int dstIp, int dstPort, Message payload, long count, long intervalNs, long startNs) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("port must be 1..65535: " + dstPort);
        if (count < 0 || intervalNs < 0 || startNs < 0) throw new IllegalArgumentException("count, interval and start must not be negative");
        this.dstIp = dstIp;
        this.dstPort = dstPort;
        this.payload = payload;
        this.count = count;
        this.intervalNs = intervalNs;
        this.startNs = startNs;
    }

    @Override
    public String name() { return "send_message"; }

    @Override
    public void start(Machine machine) {
        UdpSession session = machine.udp().bind(0, this, (data, ip, port) -> { });
        session.connect(dstIp, dstPort);
        machine.sim().schedule(startNs, () -> machine.guard(this, () -> sendNext(machine, session)));
    }

    private void sendNext(Machine machine, UdpSession session) {
        if (intervalNs == 0) {
            while (sent < count) { session.push(payload); sent++; }
            return;
        }
        session.push(payload);
        if (++sent < count) machine.sim().schedule(intervalNs, () -> machine.guard(this, () -> sendNext(machine, session)));
    }

    public long sent() { return sent; }

    @Override
    public String summary() { return "sent " + sent + " of " + count; }
}
