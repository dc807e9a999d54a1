package elvis.bench;

import elvis.Simulation;
import elvis.app.TcpBulkSend;
import elvis.app.TcpSink;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.protocol.tcp.Tcp;
import elvis.protocol.tcp.TcpConfig;

/**
 * One TCP transfer of synthetic payload over a point-to-point link with a 1500-byte MTU. The
 * tcp-bulk benchmark uses {@link Path#BULK} (10 Gbit/s, 10 µs, default TCP); tcp-loss uses a long
 * fat pipe with random loss.
 */
public final class TcpBulkScenario {
    private TcpBulkScenario() {}

    /**
     * The link and the TCP parameters of both ends.
     *
     * @param bandwidthBps link rate
     * @param delayNs      one-way propagation delay
     * @param loss         probability that a frame is lost, each direction
     * @param tcp          both ends' TCP configuration
     */
    public record Path(long bandwidthBps, long delayNs, double loss, TcpConfig tcp) {
        public static final Path BULK = new Path(10_000_000_000L, 10_000, 0, TcpConfig.DEFAULT);
    }

    /**
     * @param bytesDelivered bytes the sink received
     * @param simulatedNs    virtual time of the last byte's arrival
     * @param segments       TCP segments the two hosts sent
     * @param retransmitted  segments the sender sent again
     * @param events         kernel events dispatched
     * @param wallNs         wall-clock time of the run
     */
    public record Result(long bytesDelivered, long simulatedNs, long segments, long retransmitted, long events, long wallNs) { }

    public static Result run(long bytes, long seed) { return run(bytes, seed, Path.BULK); }

    public static Result run(long bytes, long seed, Path path) {
        long wallStart = System.nanoTime();
        Simulation sim = new Simulation(seed);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(path.bandwidthBps()).withDelay(path.delayNs())
                        .withLoss(path.loss()), Simulation.Resolution.STATIC);
        Machine sender = sim.machine("sender"), receiver = sim.machine("receiver");
        sim.connect(sender, link, "10.0.0.1/30");
        sim.connect(receiver, link, "10.0.0.2/30");
        Tcp.of(sender).config(path.tcp());
        Tcp.of(receiver).config(path.tcp());
        TcpSink sink = new TcpSink(5001, bytes, false);
        receiver.addApplication(sink);
        TcpBulkSend send = new TcpBulkSend(Ipv4Address.parse("10.0.0.2"), 5001, bytes, 0);
        sender.addApplication(send);
        sim.run();
        var info = send.connection().info();
        return new Result(sink.received(), sink.lastArrivalNs(), info.segmentsSent() + info.segmentsReceived(),
                info.retransmissions(), sim.kernel().eventsDispatched(), System.nanoTime() - wallStart);
    }
}
