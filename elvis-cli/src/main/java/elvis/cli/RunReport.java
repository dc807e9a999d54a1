package elvis.cli;

import elvis.Simulation;
import elvis.link.Network;
import elvis.link.PipeStats;
import elvis.machine.Application;
import elvis.machine.DropCause;
import elvis.machine.Failure;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.model.MachineGroup;
import elvis.protocol.icmp.IcmpConfig;
import elvis.protocol.tcp.TcpConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run produced, gathered once and shown two ways: a human summary and JSON (docs/results.md).
 * Every field but wall_seconds is a function of the description and the seed alone, except in a run
 * interrupted by a signal, which reports how far it got.
 */
public final class RunReport {
    static final int MAX_FAILURES_LISTED = 1000;

    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final boolean goalsMet;

    /** The machines of one [Machine] section. */
    private record Group(MachineGroup spec, List<Machine> machines) { }

    /** The report of a run that was built (and ran, perhaps until interrupted). */
    static RunReport of(String file, Built built, double wallSeconds, List<String> pcapFiles, boolean interrupted) {
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < built.model().machines().size(); g++) groups.add(new Group(built.model().machines().get(g), built.machines(g)));
        Simulation sim = built.simulation();
        return new RunReport(file, sim, groups, wallSeconds, pcapFiles,
                interrupted ? "interrupted at simulated " + seconds(sim.kernel().now()) + ": the results below are partial" : null);
    }

    /** The report of a run interrupted before its simulation was built: the same fields, with nothing simulated. */
    static RunReport notBuilt(String file, long seed, double wallSeconds) {
        return new RunReport(file, new Simulation(seed), List.of(), wallSeconds, List.of(),
                "interrupted before the simulation was built: nothing was simulated");
    }

    /** {@code interruption} is the first summary line of an interrupted run, null for a complete one. */
    private RunReport(String file, Simulation sim, List<Group> groups, double wallSeconds, List<String> pcapFiles, String interruption) {
        boolean interrupted = interruption != null;
        json.put("file", file);
        json.put("seed", sim.kernel().seed());
        json.put("interrupted", interrupted);
        long end = sim.kernel().now(), lastEvent = sim.kernel().lastEventTime(), finished = -1;
        boolean unfinished = false;              // an application with a goal never finished: the run lasted until the clock stopped
        for (Machine m : sim.machines()) {
            for (Application a : m.applications()) {
                finished = Math.max(finished, a.finishedAtNs());
                unfinished |= a.hasGoal() && a.finishedAtNs() < 0;
            }
        }
        if (unfinished) finished = -1;
        json.put("simulated_ns", end);
        json.put("applications_finished_ns", finished >= 0 ? finished : null);
        json.put("last_event_ns", lastEvent);
        if (interrupted) lines.add(interruption);
        json.put("wall_seconds", wallSeconds);
        json.put("events", sim.kernel().eventsDispatched());
        json.put("machines", sim.machines().size());
        // The headline is when the applications were done; timers (TCP's TIME-WAIT) and --until may end the run later.
        long headline = finished >= 0 ? finished : end;
        List<String> later = new ArrayList<>();
        if (lastEvent != headline) later.add("last event at " + seconds(lastEvent));
        if (end != lastEvent && end != headline) later.add("clock stopped at " + seconds(end));
        lines.add(String.format("simulated %s%s in %.3f s wall, %,d events, %,d machines",
                seconds(headline), later.isEmpty() ? "" : " (" + String.join(", ", later) + ")",
                wallSeconds, sim.kernel().eventsDispatched(), sim.machines().size()));

        List<Map<String, Object>> nets = new ArrayList<>();
        for (Network n : sim.networks()) {
            PipeStats s = n.stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.name());
            m.put("offered", s.offered());
            m.put("delivered", s.delivered());
            Map<String, Long> dropped = new LinkedHashMap<>();      // not Map.of: its order changes from run to run
            dropped.put("queue", s.droppedQueue());
            dropped.put("aqm", s.droppedAqm());
            dropped.put("loss", s.droppedLoss());
            dropped.put("mtu", s.droppedMtu());
            dropped.put("link_down", s.droppedDown());
            dropped.put("unknown_destination", n.unknownDestination());
            m.put("dropped", dropped);
            m.put("ecn_marked", s.ecnMarked());
            m.put("corrupted", s.corrupted());
            m.put("bytes_delivered", s.bytesDelivered());
            m.put("flood_skipped", n.floodSkipped());
            m.put("link", n.config().values().echo());
            nets.add(m);
            lines.add(String.format("network %s: %,d packets sent, %,d delivered, %,d dropped (queue %,d, loss %,d, mtu %,d%s%s)%s%s%s",
                    n.name(), s.offered(), s.delivered(), s.dropped() + n.unknownDestination(), s.droppedQueue(), s.droppedLoss(),
                    s.droppedMtu(), s.droppedAqm() > 0 ? String.format(", aqm %,d", s.droppedAqm()) : "",
                    s.droppedDown() > 0 ? String.format(", link down %,d", s.droppedDown()) : "",
                    s.ecnMarked() > 0 ? String.format(", %,d ECN-marked", s.ecnMarked()) : "",
                    s.corrupted() > 0 ? String.format(", %,d corrupted", s.corrupted()) : "",
                    n.floodSkipped() > 0 ? String.format(", %,d broadcast copies skipped", n.floodSkipped()) : ""));
        }
        json.put("networks", nets);
        List<Map<String, Object>> machineGroups = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine", g.spec().name());
            m.put("count", g.spec().count());
            TcpConfig tcp = SimulationBuilder.tcpConfig(g.spec());
            m.put("tcp", (tcp == null ? TcpConfig.DEFAULT : tcp).values().echo());
            IcmpConfig icmp = SimulationBuilder.icmpConfig(g.spec());
            m.put("icmp", (icmp == null ? IcmpConfig.DEFAULT : icmp).values().echo());
            machineGroups.add(m);
        }
        json.put("machine_groups", machineGroups);

        Map<String, Long> drops = new TreeMap<>();     // by name: the same order whatever protocols counted them
        List<String> failures = new ArrayList<>();
        long failureCount = 0, applicationFailures = 0;
        for (Machine m : sim.machines()) {
            if (m.totalDrops() > 0) {
                for (Map.Entry<DropCause, Long> d : m.drops().entrySet()) drops.merge(d.getKey().label(), d.getValue(), Long::sum);
            }
            for (Failure f : m.failures()) {
                if (failureCount++ < MAX_FAILURES_LISTED) failures.add(f.message());
                if (f.kind() == Failure.Kind.APPLICATION) applicationFailures++;
            }
        }
        json.put("machine_drops", drops);
        json.put("icmp", icmpCounters(sim));
        Map<String, Long> ecn = ecnCounters(sim);
        if (!ecn.isEmpty()) {
            json.put("tcp_ecn", ecn);
            lines.add(String.format("TCP ECN: %,d CE-marked segments received, %,d window reductions on ECE",
                    ecn.get("ce_received"), ecn.get("ece_reactions")));
        }
        Map<String, Object> dhcp = elvis.protocol.dhcp.DhcpReport.of(sim.machines());
        if (!dhcp.isEmpty()) {
            json.put("dhcp", dhcp);
            lines.add(elvis.protocol.dhcp.DhcpReport.line(dhcp));
        }
        Map<String, Object> cpu = elvis.cpu.CpuReport.of(sim.machines());
        if (!cpu.isEmpty()) {               // the CPU model, on machines that declared or used it (§9.1)
            json.put("cpu", cpu);
            lines.addAll(elvis.cpu.CpuReport.lines(cpu));
        }
        Map<String, Object> web = elvis.web.user.WebReport.of(sim.machines());
        if (!web.isEmpty()) {               // browsing users: totals, per server, per user, fairness (R-WEB-7)
            json.put("web", web);
            lines.add(elvis.web.user.WebReport.line(web));
        }
        elvis.dummynet.Dummynet dummynet = elvis.dummynet.Dummynet.of(sim.kernel());
        if (!dummynet.isEmpty()) {          // a pipe show-like table per pipe, queue and flow instance (R-DN-12)
            json.put("dummynet", elvis.dummynet.DummynetReport.json(dummynet));
            lines.addAll(elvis.dummynet.DummynetReport.text(dummynet).lines().toList());
        }
        elvis.modnet.ModNet modnet = elvis.modnet.ModNet.of(sim.kernel());
        if (!modnet.names().isEmpty()) {    // ModNet: per registered module, pairs stolen, bytes each way, yanks
            List<Map<String, Object>> modules = new ArrayList<>();
            modnet.stats().forEach((name, st) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", name);
                m.putAll(st.toMap());
                m.putAll(modnet.module(name).results());    // the module's own measures (gzip's levels, dedup's chunks)
                modules.add(m);
                lines.add("module " + name + ": " + st);
            });
            json.put("modules", modules);
        }
        Map<String, Object> routing = routing(sim);
        if (routing != null) {
            json.put("routing", routing);
            lines.add(String.format(Locale.ROOT, "routing: %d table changes, the last at %.6f s", (Long) routing.get("table_changes"),
                    routing.get("last_change_ns") == null ? 0.0 : (Long) routing.get("last_change_ns") / 1e9));
        }
        List<String> ipfw = elvis.dummynet.rules.IpfwReport.text(sim.machines());
        if (!ipfw.isEmpty()) {              // ipfw show per machine with rules: which rule took how many packets
            json.put("ipfw", elvis.dummynet.rules.IpfwReport.json(sim.machines()));
            lines.addAll(ipfw);
        }
        if (!drops.isEmpty()) {
            StringBuilder b = new StringBuilder("machines dropped:");
            drops.forEach((cause, n) -> b.append(String.format(" %s %,d", cause, n)));
            lines.add(b.toString());
        }

        boolean met = failureCount == 0 && !interrupted;
        List<Map<String, Object>> apps = new ArrayList<>();
        for (Group g : groups) {
            MachineGroup group = g.spec();
            List<Machine> machines = g.machines();
            for (int k = 0; k < group.applications().size(); k++) {
                long withGoal = 0, goalMet = 0;
                for (Machine m : machines) {
                    Application a = m.applications().get(k);
                    if (a.hasGoal()) { withGoal++; if (a.goalMet()) goalMet++; }
                }
                met &= goalMet == withGoal;
                Application first = machines.getFirst().applications().get(k);
                String where = group.count() == 1 ? group.name() : group.instanceName(1) + " … " + group.instanceName(group.count());
                String summary = group.count() == 1 ? first.summary()
                        : withGoal > 0 ? String.format("%,d of %,d met their goal", goalMet, withGoal) : "first: " + first.summary();
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("machine", where);
                a.put("application", first.name());
                a.put("instances", group.count());
                a.put("with_goal", withGoal);
                a.put("goals_met", goalMet);
                a.put("summary", summary);
                Map<String, Object> results = group.count() == 1 ? first.results() : Map.of();
                if (!results.isEmpty()) a.put("results", results);
                apps.add(a);
                lines.add(String.format("%s on %s: %s%s", first.name(), where, summary,
                        withGoal > 0 ? (goalMet == withGoal ? "" : "  [GOAL NOT MET]") : ""));
                if (results.get("output") instanceof List<?> printed) for (Object line : printed) lines.add("    " + line);
            }
        }
        json.put("applications", apps);
        json.put("failures", failures);
        json.put("failure_count", failureCount);
        json.put("application_failures", applicationFailures);
        json.put("internal_errors", failureCount - applicationFailures);
        for (String f : failures.subList(0, Math.min(failures.size(), 20))) lines.add("FAILED: " + f);
        if (failureCount > 20) lines.add(String.format("... and %,d more failures", failureCount - 20));
        json.put("pcap_files", pcapFiles);
        json.put("goals_met", met);
        goalsMet = met;
    }

    public boolean goalsMet() { return goalsMet; }

    /**
     * Adds a run on the wall clock's {@code realtime} block and its lines (docs/live.md): the one place the wall
     * clock enters the results besides wall_seconds.
     */
    void realtime(Map<String, Object> block, List<String> text) {
        Object met = json.remove("goals_met");                 // stays the last field
        json.put("realtime", block);
        json.put("goals_met", met);
        lines.addAll(text);
    }

    public Map<String, Object> json() { return json; }

    /**
     * The control plane's measurements, or null when nothing routed: messages and bytes per protocol,
     * table changes (count, the last one's time, how many at each instant: convergence after an
     * event is its last change after it), global routing's computations, and the routers' table
     * sizes (routes per router, and in all by origin), and the path stretch at the end against shortest paths.
     */
    /** Endpoints whose ordered pairs the path stretch walks at the end of a run: 64 × 63 walks, whatever the size. */
    static final int STRETCH_SAMPLE = 64;

    static Map<String, Object> routing(Simulation sim) {
        elvis.routing.RoutingStats stats = elvis.routing.RoutingStats.of(sim.kernel());
        List<elvis.routing.global.GlobalRouting> global = elvis.routing.global.GlobalRouting.installed(sim.kernel());
        if (stats.changes() == 0 && stats.protocols().isEmpty() && stats.events() == 0 && global.isEmpty()) return null;
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> protocols = new LinkedHashMap<>();
        for (String p : stats.protocols()) protocols.put(p, Map.of("messages", stats.messages(p), "bytes", stats.bytes(p)));
        r.put("protocols", protocols);
        if (!global.isEmpty()) r.put("global", Map.of("computations", global.stream().mapToLong(g -> g.computations()).sum()));
        r.put("table_changes", stats.changes());
        r.put("last_change_ns", stats.lastChangeNs() < 0 ? null : stats.lastChangeNs());
        List<Object> series = new ArrayList<>();
        for (int i = 0; i < stats.instants(); i++) series.add(Map.of("time_ns", stats.instantNs(i), "changes", (long) stats.changesAt(i)));
        r.put("changes_over_time", series);
        List<Object> convergence = new ArrayList<>();
        for (elvis.routing.RoutingStats.Convergence c : stats.convergence()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", c.what());
            e.put("at_ns", c.atNs());
            e.put("table_changes", c.changes());
            e.put("convergence_ns", c.convergenceNs() < 0 ? null : c.convergenceNs());
            convergence.add(e);
        }
        r.put("convergence", convergence);
        elvis.routing.PathStretch.Result st = elvis.routing.PathStretch.measure(sim.machines(), STRETCH_SAMPLE);
        Map<String, Object> stretch = new LinkedHashMap<>();
        stretch.put("endpoints", st.endpoints());
        stretch.put("pairs", st.pairs());
        stretch.put("unreachable", st.unreachable());
        stretch.put("disconnected", st.disconnected());
        stretch.put("mean", st.mean());
        stretch.put("max", st.max());
        r.put("stretch", stretch);
        int routers = 0;
        long total = 0, min = Long.MAX_VALUE, max = 0;
        long[] byOrigin = new long[elvis.protocol.ipv4.Origin.values().length];
        for (Machine m : sim.machines()) {
            elvis.protocol.ipv4.Ipv4 ip = m.existing(elvis.protocol.ipv4.Ipv4.KEY);
            if (ip == null || !ip.isForwarding()) continue;
            int[] counts = ip.routeCounts();
            long n = 0;
            for (int o = 0; o < counts.length; o++) {
                n += counts[o];
                byOrigin[o] += counts[o];
            }
            routers++;
            total += n;
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        Map<String, Object> tables = new LinkedHashMap<>();
        tables.put("routers", routers);
        tables.put("routes_min", routers == 0 ? 0 : min);
        tables.put("routes_mean", routers == 0 ? 0.0 : (double) total / routers);
        tables.put("routes_max", max);
        Map<String, Object> origins = new LinkedHashMap<>();
        for (elvis.protocol.ipv4.Origin o : elvis.protocol.ipv4.Origin.values())
            if (byOrigin[o.ordinal()] > 0) origins.put(o.name().toLowerCase(Locale.ROOT), byOrigin[o.ordinal()]);
        tables.put("routes_by_origin", origins);
        r.put("tables", tables);
        return r;
    }

    /** Prints the summary; a run of identical lines (one machine with 200,000 identical applications) is one line with a count. */
    void print(PrintStream out) {
        for (int i = 0; i < lines.size(); ) {
            int j = i + 1;
            while (j < lines.size() && lines.get(j).equals(lines.get(i))) j++;
            out.println(j - i == 1 ? lines.get(i) : String.format("%s  (%,d times)", lines.get(i), j - i));
            i = j;
        }
    }

    static String seconds(long ns) {
        if (ns == 0) return "0 s";
        if (ns < 1_000_000) return String.format("%.3f µs", ns / 1e3).replace(".000 ", " ");
        if (ns < 1_000_000_000) return String.format("%.3f ms", ns / 1e6);
        return String.format("%.3f s", ns / 1e9);
    }

    /** ICMP messages sent and received, summed over the machines that made ICMP, by "type/code" (sorted). */
    /** RFC 3168 events summed over the machines; empty when no machine saw ECN. */
    private static Map<String, Long> ecnCounters(Simulation sim) {
        long ce = 0, reactions = 0;
        boolean any = false;
        for (Machine m : sim.machines()) {
            elvis.protocol.tcp.EcnCounters c = elvis.protocol.tcp.EcnCounters.existing(m);
            if (c == null) continue;
            any = true;
            ce += c.ceReceived();
            reactions += c.eceReactions();
        }
        Map<String, Long> both = new LinkedHashMap<>();
        if (!any) return both;
        both.put("ce_received", ce);
        both.put("ece_reactions", reactions);
        return both;
    }

    private static Map<String, Object> icmpCounters(Simulation sim) {
        Map<String, Long> sent = new TreeMap<>(), received = new TreeMap<>();
        for (Machine m : sim.machines()) {
            elvis.protocol.icmp.Icmp icmp = m.existing(elvis.protocol.icmp.Icmp.KEY);
            if (icmp == null) continue;
            icmp.counters().forEach((k, n) -> {
                int space = k.indexOf(' ');
                (k.startsWith("sent") ? sent : received).merge(k.substring(space + 1), n, Long::sum);
            });
        }
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("sent", sent);
        both.put("received", received);
        return both;
    }
}
