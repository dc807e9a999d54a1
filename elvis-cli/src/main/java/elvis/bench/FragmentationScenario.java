package elvis.bench;

import elvis.Simulation;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4Address;

import java.lang.management.ManagementFactory;

/**
 * UDP datagrams larger than the MTU from one host to another over a 10 Gbit/s, 10 µs link: each
 * leaves in fragments and is reassembled. The payload is synthetic (zeros with no array behind
 * them), so what is allocated per datagram is the fragmenting and reassembling itself: headers,
 * messages, the reassembly state, never payload.
 */
public final class FragmentationScenario {
    private FragmentationScenario() {}

    /**
     * @param delivered       datagrams the receiver got whole
     * @param fragments       IPv4 packets on the wire
     * @param events          kernel events dispatched
     * @param wallNs          wall-clock time of the run
     * @param allocatedBytes  bytes this thread allocated during the run (what JMH's gc profiler reads
     *                        as alloc.rate.norm), or -1 when the JVM cannot tell
     */
    public record Result(long delivered, long fragments, long events, long wallNs, long allocatedBytes) { }

    public static Result run(long datagrams, int udpBytes, int mtu, long seed) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long allocatedBefore = threads.isThreadAllocatedMemorySupported() ? threads.getThreadAllocatedBytes(thread) : -1;
        long wallStart = System.nanoTime();
        Simulation sim = new Simulation(seed);
        Network link = sim.link("p2p", LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(10_000).withMtu(mtu),
                Simulation.Resolution.STATIC);
        Machine sender = sim.machine("sender"), receiver = sim.machine("receiver");
        sim.connect(sender, link, "10.0.0.1/30");
        sim.connect(receiver, link, "10.0.0.2/30");
        CountDatagrams count = new CountDatagrams(9, datagrams, null);
        receiver.addApplication(count);
        // One datagram every 10 µs: its fragments take about 6.5 µs of the link, so no queue builds.
        sender.addApplication(new SendDatagrams(Ipv4Address.parse("10.0.0.2"), 9, Message.zeros(udpBytes - 8), datagrams, 10_000, 0));
        sim.run();
        long wall = System.nanoTime() - wallStart;
        long allocated = allocatedBefore < 0 ? -1 : threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        int dataPerFragment = (mtu - 20) & ~7;
        long fragmentsEach = (udpBytes + dataPerFragment - 1) / dataPerFragment;
        return new Result(count.received(), fragmentsEach * datagrams, sim.kernel().eventsDispatched(), wall, allocated);
    }
}
