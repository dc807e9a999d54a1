package elvis.cli;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.model.NdlSimulation;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what the heap guard's items cost (the live heap a full GC leaves, which hardly moves from
 * run to run, load or not) and fails when one grows past the constant {@link HeapEstimate} plans
 * with, so the guard cannot silently let through runs that then thrash.
 */
class HeapEstimateTest {
    static final int N = 40_000;

    /** N senders on one network to one sink: {@code nets} attachments and {@code apps} send_message lines each. */
    static String fanIn(int nets, int apps, String app) {
        StringBuilder b = new StringBuilder("[Networks]\n");
        for (int k = 0; k < nets; k++) b.append("  [Network id='n").append(k).append("' bandwidth='1Mbps' latency='1ms']\n    [IP subnet='10.").append(k).append(".0.0/16']\n");
        b.append("[Machines]\n  [Machine name='sink']\n    [Networks]\n      [Network id='n0']\n    [Applications]\n")
                .append("      [Application name='capture' ip='10.0.0.1' port='9' message_count='0']\n")
                .append("      [Application name='tcp_sink' port='10' bytes='0']\n")
                .append("  [Machine name='s' count='").append(N).append("']\n    [Networks]\n");
        for (int k = 0; k < nets; k++) b.append("      [Network id='n").append(k).append("']\n");
        b.append("    [Applications]\n");
        for (int a = 0; a < apps; a++) b.append("      [Application ").append(app).append("]\n");
        return b.toString();
    }

    static final String SEND = "name='send_message' to='sink' port='9' message='x' count='%d'";

    /** Heap per sender once built and started (time 0: every datagram sent, every SYN out). */
    static double perSender(String ndl) {
        NdlResult r = Ndl.parse("heap.ndl", ndl, ApplicationRegistry.load());
        assertThat(r.errors()).isEmpty();
        NdlSimulation model = r.simulation().orElseThrow();
        long before = usedAfterGc();
        Simulation sim;
        try {
            sim = SimulationBuilder.build(model, ApplicationRegistry.load()).simulation();
        } catch (SimulationBuilder.BuildException e) {
            throw new AssertionError(e);
        }
        sim.runUntil(0);
        long after = usedAfterGc();
        assertThat(sim.machines()).hasSize(N + 1);     // keeps the simulation reachable until measured
        return (after - before) / (double) N;
    }

    /**
     * The live heap as the last full collection left it: each heap pool's usage just after that
     * collection. Not the heap's current usage, which also counts what threads allocate after it, in
     * whole allocation buffers (TLABs) of adaptive size: that moved by megabytes between runs under load.
     */
    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) continue;
            assertThat(pool.getCollectionUsage()).as("usage after collection of " + pool.getName()).isNotNull();
            used += pool.getCollectionUsage().getUsed();
        }
        return used;
    }

    @Test
    void eachItemCostsNoMoreThanTheGuardPlansFor() {
        double idle = perSender(fanIn(1, 1, SEND.formatted(0)));
        double oneDatagram = perSender(fanIn(1, 1, SEND.formatted(1)));
        double twoDatagrams = perSender(fanIn(1, 1, SEND.formatted(2)));
        double twoApps = perSender(fanIn(1, 2, SEND.formatted(0)));
        double twoNets = perSender(fanIn(2, 1, SEND.formatted(0)));
        double tcp = perSender(fanIn(1, 1, "name='tcp_bulk_send' to='sink' port='10' bytes='1MB'"));
        double listsTcp = perSender(fanIn(1, 1, SEND.formatted(0)).replace("[Machine name='s' count='" + N + "']\n",
                "[Machine name='s' count='" + N + "']\n    [Protocols]\n      [Protocol name='TCP']\n"));
        double datagram = twoDatagrams - oneDatagram, application = twoApps - idle, attachment = twoNets - idle;
        double machine = idle - application - attachment, connection = tcp - machine - attachment - application;
        double tcpStack = listsTcp - idle;
        System.out.printf("heap per item: machine %.0f, attachment %.0f, application %.0f, datagram %.0f, tcp connection %.0f,"
                + " tcp stack %.0f bytes%n", machine, attachment, application, datagram, connection, tcpStack);
        assertThat(machine).isLessThanOrEqualTo(HeapEstimate.MACHINE);
        assertThat(attachment).isLessThanOrEqualTo(HeapEstimate.ATTACHMENT);
        assertThat(application).isLessThanOrEqualTo(HeapEstimate.APPLICATION);
        assertThat(datagram).isLessThanOrEqualTo(HeapEstimate.DATAGRAM);
        assertThat(connection).isLessThanOrEqualTo(HeapEstimate.TCP_CONNECTION);
        assertThat(tcpStack).isLessThanOrEqualTo(HeapEstimate.TCP_STACK);
    }
}
