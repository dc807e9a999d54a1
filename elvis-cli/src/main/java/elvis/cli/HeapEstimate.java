package elvis.cli;

import elvis.config.Arguments;
import elvis.ndl.model.AppSpec;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;

/**
 * The heap a description needs, from what it builds: machines, their network attachments, their
 * applications, the TCP connections those open and the datagrams they send at once (a fan-in's
 * senders all queue theirs at the receiver's port at time 0). The per-item costs are measured by
 * HeapEstimateTest, which fails when the code grows past them; a run that cannot fit is refused
 * before it is built, rather than thrashing the garbage collector for minutes.
 */
final class HeapEstimate {
    /** The JVM, the classes, the parsed description and the report: what a run of two machines uses. */
    static final long BASE = 96L << 20;
    /** A machine with Ethernet, ARP, IPv4 and UDP, its name and its kernel event at start. */
    static final long MACHINE = 576;   // measured: about 300
    /** Each network a machine is on: its NIC, its address and its port on the network. */
    static final long ATTACHMENT = 256;   // measured: about 190
    /** Each application instance, with the UDP port it binds. */
    static final long APPLICATION = 448;   // measured: about 260
    /** TCP on a machine whose [Protocols] lists it (it is there from the start, to refuse connections). */
    static final long TCP_STACK = 128;   // measured: about 64
    /** Each TCP connection an application opens: both ends, and the SYN in flight. */
    static final long TCP_CONNECTION = 2560;   // measured: about 1,900
    /** Each datagram in flight or queued on a link. */
    static final long DATAGRAM = 448;   // measured: about 260
    /** The heap that may be planned for; the rest is the collector's room to work. */
    static final double USABLE = 0.85;

    private HeapEstimate() { }

    static long of(NdlSimulation model) {
        long bytes = BASE;
        for (MachineGroup g : model.machines()) {
            long perMachine = MACHINE + ATTACHMENT * g.networks().size();
            if (g.protocols().stream().anyMatch(p -> p.name().equals("TCP"))) perMachine += TCP_STACK;
            for (AppSpec a : g.applications()) perMachine = Math.addExact(perMachine, APPLICATION + inFlight(a));
            bytes = Math.addExact(bytes, Math.multiplyExact(perMachine, g.count()));
        }
        return bytes;
    }

    /** What an application adds at its peak: its connection, or the datagrams it sends at once. */
    private static long inFlight(AppSpec a) {
        Arguments args = new Arguments(a.args());
        boolean tcp = args.string("transport", "udp").equalsIgnoreCase("tcp");
        return switch (a.name()) {
            case "tcp_bulk_send", "echo_client", "socket_client" -> TCP_CONNECTION;
            case "send_message" -> tcp ? TCP_CONNECTION : DATAGRAM * sentAtOnce(args);
            default -> 0;
        };
    }

    /** Without an interval, all of send_message's datagrams leave at once. */
    private static long sentAtOnce(Arguments args) {
        try {
            return args.duration("interval", 0) > 0 ? 1 : args.integer("count", 0, 1_000_000_000, 1);
        } catch (IllegalArgumentException e) {
            return 1;                                  // the validator has checked it already
        }
    }

    /** A plain refusal when the description cannot fit in {@code maxHeap}, else null. */
    static String refusal(NdlSimulation model, long maxHeap) {
        long needed;
        try {
            needed = of(model);
        } catch (ArithmeticException overflow) {
            needed = Long.MAX_VALUE;
        }
        if (needed <= maxHeap * USABLE) return null;
        return String.format("%,d machines need about %.1f GB of heap, but this JVM may use %.1f GB;%n"
                + "  give it more with ELVIS_JAVA_OPTS=-Xmx<size> (the machine has to have that much memory)",
                model.machineCount(), needed / 1e9, maxHeap / 1e9);
    }
}
