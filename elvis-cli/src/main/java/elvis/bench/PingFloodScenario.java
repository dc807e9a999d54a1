package elvis.bench;

import elvis.Simulation;
import elvis.link.LinkConfig;
import elvis.link.Network;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.icmp.EchoSession;
import elvis.protocol.icmp.Icmp;
import elvis.protocol.ipv4.Ipv4Address;

import java.lang.management.ManagementFactory;

/**
 * A ping flood across two routers: host — router — router — host over three 10 Gbit/s, 10 µs links.
 * The pinging host's ping socket ({@link Icmp#openEcho}, as the ping application's socket uses) keeps
 * {@link #IN_FLIGHT} echo requests of 56 data bytes outstanding: it sends that many back to back, then
 * one more as each reply arrives, until {@code count} replies are in. The data is synthetic, so what
 * is allocated per round trip is ICMP, IPv4, forwarding and the links, never payload.
 */
public final class PingFloodScenario {
    /** Echo requests outstanding at any time. */
    public static final int IN_FLIGHT = 16;
    static final int DATA_BYTES = 56;

    private PingFloodScenario() {}

    /**
     * @param roundTrips      echo replies received
     * @param errors          ICMP errors about the requests (none on this path)
     * @param failures        failures recorded on any machine
     * @param events          kernel events dispatched
     * @param wallNs          wall-clock time of the run
     * @param allocatedBytes  bytes this thread allocated during the run (what JMH's gc profiler reads
     *                        as alloc.rate.norm), or -1 when the JVM cannot tell
     */
    public record Result(long roundTrips, long errors, long failures, long events, long wallNs, long allocatedBytes) { }

    public static Result run(long count, long seed) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long allocatedBefore = threads.isThreadAllocatedMemorySupported() ? threads.getThreadAllocatedBytes(thread) : -1;
        long wallStart = System.nanoTime();
        Simulation sim = new Simulation(seed);
        Machine[] n = chain(sim);
        Flood flood = new Flood(count);
        flood.session = Icmp.of(n[0]).openEcho((type, code, from, sequence, ttl, data) -> flood.answered(type));
        sim.kernel().at(0, flood::start);
        sim.run();
        long wall = System.nanoTime() - wallStart;
        long allocated = allocatedBefore < 0 ? -1 : threads.getThreadAllocatedBytes(thread) - allocatedBefore;
        long failures = 0;
        for (Machine m : n) failures += m.failures().size();
        return new Result(flood.replies, flood.errors, failures, sim.kernel().eventsDispatched(), wall, allocated);
    }

    /** n0 (10.0.0.1) — n1 — n2 — n3 (10.0.2.2); link j is 10.0.j.0/24, n1 and n2 route. */
    static Machine[] chain(Simulation sim) {
        LinkConfig hop = LinkConfig.UNLIMITED.withBandwidth(10_000_000_000L).withDelay(10_000);
        Machine[] n = new Machine[4];
        for (int i = 0; i < n.length; i++) n[i] = sim.machine("n" + i);
        for (int j = 0; j < 3; j++) {
            Network link = sim.link("link" + j, hop, Simulation.Resolution.STATIC);
            sim.connect(n[j], link, "10.0." + j + ".1/24");
            sim.connect(n[j + 1], link, "10.0." + j + ".2/24");
        }
        sim.router(n[1]);
        sim.router(n[2]);
        sim.route(n[1], "10.0.2.0/24", "10.0.1.2");
        sim.route(n[2], "10.0.0.0/24", "10.0.1.1");
        sim.route(n[0], "default", "10.0.0.2");
        sim.route(n[3], "default", "10.0.2.1");
        return n;
    }

    static final int TARGET = Ipv4Address.parse("10.0.2.2");

    /** The pinging side: a window of requests, refilled from the reply handler (no allocation per request). */
    private static final class Flood {
        final long count;
        final Message data = Message.zeros(DATA_BYTES);
        EchoSession session;
        long sent, replies, errors;

        Flood(long count) { this.count = count; }

        void start() { while (sent < Math.min(count, IN_FLIGHT)) send(); }

        void answered(int type) {
            if (type != Icmp.ECHO_REPLY) { errors++; return; }
            replies++;
            if (sent < count) send();
        }

        private void send() {
            sent++;
            if (!session.send(TARGET, (int) (sent & 0xFFFF), data, 64)) throw new IllegalStateException("echo request " + sent + " dropped at the sender");
        }
    }
}
