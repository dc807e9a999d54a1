package elvis.bench;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;

/**
 * The tcp-bulk benchmark: one TCP transfer of synthetic payload over a 10 Gbit/s, 10 µs
 * point-to-point link with a 1500-byte MTU, default TCP parameters.
 */
public final class TcpBulkScenario {
    private TcpBulkScenario() {}

    /**
     * @param bytesDelivered bytes the sink received
     * @param simulatedNs    virtual time of the last byte's arrival
     * @param segments       TCP segments the two hosts sent
     * @param events         kernel events dispatched
     * @param wallNs         wall-clock time of the run
     */
    public record Result(long bytesDelivered, long simulatedNs, long segments, long events, long wallNs) { }

    public static Result run(long bytes, long seed) {
        long wallStart = System.nanoTime();
        Simulation sim = new Simulation(seed);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(10_000),
                Simulation.Resolution.STATIC);
        Machine sender = sim.machine("sender"), receiver = sim.machine("receiver");
        sim.connect(sender, link, "10.0.0.1/30");
        sim.connect(receiver, link, "10.0.0.2/30");
        TcpSink sink = new TcpSink(5001, bytes, false);
        receiver.addApplication(sink);
        TcpBulkSend send = new TcpBulkSend(Ipv4Address.parse("10.0.0.2"), 5001, bytes, 0);
        sender.addApplication(send);
        sim.run();
        long segments = send.connection().info().segmentsSent() + send.connection().info().segmentsReceived();
        return new Result(sink.received(), sink.lastArrivalNs(), segments, sim.kernel().eventsDispatched(),
                System.nanoTime() - wallStart);
    }
}
