package elvis.bench;

import elvis.Simulation;
import elvis.app.ApplicationRegistry;
import elvis.app.CountDatagrams;
import elvis.app.SendDatagrams;
import elvis.cli.generate.AsGraph;
import elvis.cli.generate.InternetNdl;
import elvis.cli.generate.InternetTopology;
import elvis.cli.generate.NdlWriter;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.ndl.Ndl;
import elvis.ndl.NdlResult;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.routing.RoutingStats;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code elvis bench internet}: generates an Internet of {@code ases} ASes and {@code hosts} hosts
 * (OSPF inside multi-router ASes, BGP between them), builds it, runs it from a cold start until no
 * routing table has changed for {@link #QUIET_NS}, then has every host send one small UDP datagram to
 * the host of the same number in the stub half-way round the list of stubs, and counts arrivals.
 */
final class InternetScenario {
    /** Converged: no table changed for this long (beyond BGP's 30 s MRAI and OSPF's timers). */
    static final long QUIET_NS = 120_000_000_000L;
    static final long STEP_NS = 10_000_000_000L;
    static final long LIMIT_NS = 7_200_000_000_000L;
    static final int PORT = 9, PAYLOAD = 64;

    record Result(long ases, long routers, long hosts, long networks, long buildWallNs, long convergedNs, boolean converged, long convergeWallNs,
                  long tableChanges, List<Object[]> protocols, long udpSent, long udpReceived, long udpWallNs,
                  long heapRoutersBuilt, long heapBuilt, long heapConverged) { }

    /** The heap in use after one full collection: with ParallelGC one is complete (more free nothing), and at 1,000 ASes each takes seconds. */
    private static long usedHeapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The heap with the routers' part built; in a method of its own so that nothing of it outlives the call. */
    private static long routersOnlyHeap(int ases, long seed) throws Exception {
        SimulationBuilder.Built b = SimulationBuilder.build(model(ases, 0, seed), ApplicationRegistry.load());
        long heap = usedHeapAfterGc();
        java.lang.ref.Reference.reachabilityFence(b);
        return heap;
    }

    static NdlSimulation model(int ases, long hosts, long seed) {
        InternetTopology.Params d = InternetTopology.Params.defaults(ases, seed);
        InternetTopology.Params p = new InternetTopology.Params(d.ases(), d.tier1(), d.transit(), d.transitProviders(), d.multihomed(),
                d.transitPeerings(), d.ixps(), d.ixpMembers(), hosts, seed);
        String problem = p.problem();
        if (problem != null) throw new IllegalArgumentException(problem);
        AsGraph g = InternetTopology.generate(p);
        NdlWriter w = new NdlWriter();
        InternetNdl.write(g, InternetNdl.Options.defaults(seed), w);
        NdlResult r = Ndl.parse("internet", w.toString(), ApplicationRegistry.load());
        if (!r.ok()) throw new IllegalStateException("generated internet does not check:\n" + r.render());
        return r.simulation().orElseThrow();
    }

    /**
     * One simulation. The heap is measured (after a forced GC) three times: with only the routers' part of
     * the model built (the same Internet with no hosts, built and dropped, never run), with the whole
     * Internet built, and after convergence with it alive; see docs/performance.md for how they are split
     * between routers and hosts. Stops at {@code maxWallNs} of converging, reporting "not converged".
     */
    static Result run(int ases, long hosts, long seed, boolean experiment, long maxWallNs, java.io.PrintStream progress) throws Exception {
        routersOnlyHeap(ases, seed);            // once unmeasured: classes and their lazily made shared objects come first
        long heapBefore = usedHeapAfterGc();
        long heapRouters = routersOnlyHeap(ases, seed) - heapBefore;
        heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        NdlSimulation model = model(ases, hosts, seed);
        SimulationBuilder.Built built = SimulationBuilder.build(model, ApplicationRegistry.load());
        Simulation sim = built.simulation();
        long buildWall = System.nanoTime() - t0;
        long heapBuilt = usedHeapAfterGc() - heapBefore;
        long t1 = System.nanoTime();
        RoutingStats stats = RoutingStats.of(sim.kernel());
        long now = 0, lastReport = t1;
        boolean converged = false;
        while (now < LIMIT_NS && System.nanoTime() - t1 < maxWallNs) {
            now += STEP_NS;
            sim.runUntil(now);
            if (progress != null && System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                progress.printf("  ... %.0f s simulated, %.0f s wall, %,d table changes, last at %.3f s, heap %,d MB%n", now / 1e9, (lastReport - t1) / 1e9,
                        stats.changes(), stats.lastChangeNs() / 1e9, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
            if (stats.changes() > 0 && now - stats.lastChangeNs() >= QUIET_NS) {
                converged = true;
                break;
            }
        }
        long convergeWall = System.nanoTime() - t1;
        long heap = usedHeapAfterGc() - heapBefore;
        java.lang.ref.Reference.reachabilityFence(built);   // measured with the simulation alive
        long routers = 0, hostCount = 0;
        for (MachineGroup g : model.machines()) {
            if (g.router()) routers += g.count();
            else hostCount += g.count();
        }
        List<Object[]> protocols = new ArrayList<>();
        for (String p : stats.protocols()) protocols.add(new Object[] {p, stats.messages(p), stats.bytes(p)});
        long sent = 0, received = 0, udpWall = 0;
        if (experiment && converged) {
            long t2 = System.nanoTime();
            List<SendDatagrams> senders = new ArrayList<>();
            List<CountDatagrams> sinks = new ArrayList<>();
            List<Integer> stubHosts = new ArrayList<>();
            for (int g = 0; g < model.machines().size(); g++) if (!model.machines().get(g).router()) stubHosts.add(g);
            Message payload = Message.zeros(PAYLOAD);
            for (int k = 0; k < stubHosts.size(); k++) {
                int g = stubHosts.get(k), other = stubHosts.get((k + stubHosts.size() / 2) % stubHosts.size());
                MachineGroup group = model.machines().get(g), far = model.machines().get(other);
                for (long i = 1; i <= group.count(); i++) {
                    Machine m = built.machines(g).get((int) i - 1);
                    CountDatagrams sink = new CountDatagrams(PORT, 1, null);
                    m.addApplication(sink);
                    sink.start(m);
                    sinks.add(sink);
                    long j = (i - 1) % far.count() + 1;
                    SendDatagrams send = new SendDatagrams(model.address(other, j, 0).bits(), PORT, payload, 1, 0, 1_000_000_000L);
                    m.addApplication(send);
                    send.start(m);
                    senders.add(send);
                }
            }
            sim.runUntil(now + 60_000_000_000L);
            for (SendDatagrams s : senders) sent += s.sent();
            for (CountDatagrams s : sinks) received += s.received();
            udpWall = System.nanoTime() - t2;
        }
        return new Result(model.ases().size(), routers, hostCount, model.networks().size(), buildWall, stats.lastChangeNs(), converged, convergeWall,
                stats.changes(), protocols, sent, received, udpWall, heapRouters, heapBuilt, heap);
    }
}
