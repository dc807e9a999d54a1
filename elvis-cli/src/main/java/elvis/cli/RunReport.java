package elvis.cli;

import elvis.Simulation;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder;
import elvis.ndl.SimulationBuilder.Built;
import elvis.ndl.model.MachineGroup;
import elvis.ndl.model.NdlSimulation;
import elvis.protocol.icmp.IcmpConfig;
import elvis.protocol.tcp.TcpConfig;
import elvis.routing.PathStretch;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private List<elvis.web.user.WebReport.User> webUsers = List.of();   // every browsing user, in machine order: what --plots draws

    /** The report of a run that was built (and ran, perhaps until interrupted). */
    static RunReport of(String file, Built built, double wallSeconds, List<String> pcapFiles, boolean interrupted) {
        Simulation sim = built.simulation();
        RunFacts facts = RunFacts.of(built, sim.kernel().eventsDispatched(), sim.kernel().now());
        return new RunReport(file, built.model(), facts, stretch(facts, sim.machines()), wallSeconds, pcapFiles, interrupted);
    }

    /**
     * The report of a partitioned run from its partitions' facts merged ({@link RunFacts#merge}) and the
     * path stretch measured over all of them ({@link #stretch}; null when nothing routed): the
     * sequential run's report.
     */
    static RunReport merged(String file, NdlSimulation model, RunFacts facts, PathStretch.Result stretch,
                            double wallSeconds, List<String> pcapFiles, boolean interrupted) {
        return new RunReport(file, model, facts, stretch, wallSeconds, pcapFiles, interrupted);
    }

    /** Endpoints whose ordered pairs the path stretch walks at the end of a run: 64 × 63 walks, whatever the size. */
    static final int STRETCH_SAMPLE = 64;

    /** The routing block's path stretch over {@code machines} (every machine, in the whole build's order); null when nothing routed. */
    static PathStretch.Result stretch(RunFacts facts, List<Machine> machines) {
        return facts.routed() ? PathStretch.measure(machines, STRETCH_SAMPLE) : null;
    }

    /** The report of a run interrupted before its simulation was built: the same fields, with nothing simulated. */
    static RunReport notBuilt(String file, long seed, double wallSeconds) {
        RunFacts none = RunFacts.none(seed);
        RunReport r = new RunReport(file, null, none, null, wallSeconds, List.of(), true);
        r.lines.set(0, "interrupted before the simulation was built: nothing was simulated");
        return r;
    }

    private RunReport(String file, NdlSimulation model, RunFacts f, PathStretch.Result stretch, double wallSeconds,
                      List<String> pcapFiles, boolean interrupted) {
        json.put("file", file);
        json.put("seed", f.seed());
        json.put("interrupted", interrupted);
        long end = f.endNs(), lastEvent = f.lastEventNs(), finished = f.unfinished() ? -1 : f.finishedNs();
        json.put("simulated_ns", end);
        json.put("applications_finished_ns", finished >= 0 ? finished : null);
        json.put("last_event_ns", lastEvent);
        if (interrupted) lines.add("interrupted at simulated " + seconds(end) + ": the results below are partial");
        json.put("wall_seconds", wallSeconds);
        json.put("events", f.events());
        json.put("machines", f.machines());
        // The headline is when the applications were done; timers (TCP's TIME-WAIT) and --until may end the run later.
        long headline = finished >= 0 ? finished : end;
        List<String> later = new ArrayList<>();
        if (lastEvent != headline) later.add("last event at " + seconds(lastEvent));
        if (end != lastEvent && end != headline) later.add("clock stopped at " + seconds(end));
        lines.add(String.format("simulated %s%s in %.3f s wall, %,d events, %,d machines",
                seconds(headline), later.isEmpty() ? "" : " (" + String.join(", ", later) + ")",
                wallSeconds, f.events(), f.machines()));

        List<Map<String, Object>> nets = new ArrayList<>();
        for (RunFacts.Net s : f.networks()) {
            var spec = model.networks().get(s.index());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", spec.id());
            m.put("offered", s.offered());
            m.put("delivered", s.delivered());
            Map<String, Long> dropped = new LinkedHashMap<>();      // not Map.of: its order changes from run to run
            dropped.put("queue", s.queue());
            dropped.put("aqm", s.aqm());
            dropped.put("loss", s.loss());
            dropped.put("mtu", s.mtu());
            dropped.put("link_down", s.linkDown());
            dropped.put("unknown_destination", s.unknown());
            m.put("dropped", dropped);
            m.put("ecn_marked", s.ecnMarked());
            m.put("corrupted", s.corrupted());
            m.put("bytes_delivered", s.bytesDelivered());
            m.put("flood_skipped", s.floodSkipped());
            m.put("link", spec.link().config().values().echo());
            nets.add(m);
            lines.add(String.format("network %s: %,d packets sent, %,d delivered, %,d dropped (queue %,d, loss %,d, mtu %,d%s%s)%s%s%s",
                    spec.id(), s.offered(), s.delivered(), s.dropped() + s.unknown(), s.queue(), s.loss(),
                    s.mtu(), s.aqm() > 0 ? String.format(", aqm %,d", s.aqm()) : "",
                    s.linkDown() > 0 ? String.format(", link down %,d", s.linkDown()) : "",
                    s.ecnMarked() > 0 ? String.format(", %,d ECN-marked", s.ecnMarked()) : "",
                    s.corrupted() > 0 ? String.format(", %,d corrupted", s.corrupted()) : "",
                    s.floodSkipped() > 0 ? String.format(", %,d broadcast copies skipped", s.floodSkipped()) : ""));
        }
        json.put("networks", nets);
        List<Map<String, Object>> machineGroups = new ArrayList<>();
        for (MachineGroup group : model == null ? List.<MachineGroup>of() : model.machines()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine", group.name());
            m.put("count", group.count());
            TcpConfig tcp = SimulationBuilder.tcpConfig(group);
            m.put("tcp", (tcp == null ? TcpConfig.DEFAULT : tcp).values().echo());
            IcmpConfig icmp = SimulationBuilder.icmpConfig(group);
            m.put("icmp", (icmp == null ? IcmpConfig.DEFAULT : icmp).values().echo());
            machineGroups.add(m);
        }
        json.put("machine_groups", machineGroups);

        json.put("machine_drops", f.drops());
        Map<String, Object> icmp = new LinkedHashMap<>();
        icmp.put("sent", f.icmpSent());
        icmp.put("received", f.icmpReceived());
        json.put("icmp", icmp);
        if (f.ecn()) {
            Map<String, Long> ecn = new LinkedHashMap<>();
            ecn.put("ce_received", f.ceReceived());
            ecn.put("ece_reactions", f.eceReactions());
            json.put("tcp_ecn", ecn);
            lines.add(String.format("TCP ECN: %,d CE-marked segments received, %,d window reductions on ECE", f.ceReceived(), f.eceReactions()));
        }
        Map<String, Object> dhcp = f.dhcp();
        if (!dhcp.isEmpty()) {
            json.put("dhcp", dhcp);
            lines.add(elvis.protocol.dhcp.DhcpReport.line(dhcp));
        }
        Map<String, Object> cpu = elvis.cpu.CpuReport.of(f.cpu().stream().map(RunFacts.Entry::value).toList(), f.cpuCount());
        if (!cpu.isEmpty()) {               // the CPU model, on machines that declared or used it (§9.1)
            json.put("cpu", cpu);
            lines.addAll(elvis.cpu.CpuReport.lines(cpu));
        }
        webUsers = f.web().stream().flatMap(u -> u.users().stream()).toList();
        Map<String, Object> web = elvis.web.user.WebReport.of(webUsers);
        if (!web.isEmpty()) {               // browsing users: totals, per server, per user, fairness (R-WEB-7)
            json.put("web", web);
            lines.add(elvis.web.user.WebReport.line(web));
        }
        if (f.dummynet() != null) {         // a pipe show-like table per pipe, queue and flow instance (R-DN-12)
            json.put("dummynet", f.dummynet().json());
            lines.addAll(f.dummynet().text());
        }
        if (!f.modules().isEmpty()) {       // ModNet: per registered module, pairs stolen, bytes each way, yanks
            json.put("modules", f.modules().stream().map(RunFacts.Module::json).toList());
            for (RunFacts.Module m : f.modules()) lines.add(m.line());
        }
        if (f.routed()) {
            Map<String, Object> routing = routing(f.routing(), stretch);
            json.put("routing", routing);
            lines.add(String.format(Locale.ROOT, "routing: %d table changes, the last at %.6f s", (Long) routing.get("table_changes"),
                    routing.get("last_change_ns") == null ? 0.0 : (Long) routing.get("last_change_ns") / 1e9));
        }
        if (f.ipfwCount() > 0) {            // ipfw show per machine with rules: which rule took how many packets
            List<Map<String, Object>> listed = f.ipfw().stream().map(RunFacts.Entry::value).toList();
            json.put("ipfw", elvis.dummynet.rules.IpfwReport.json(listed));
            lines.addAll(elvis.dummynet.rules.IpfwReport.text(listed, f.ipfwCount()));
        }
        if (!f.drops().isEmpty()) {
            StringBuilder b = new StringBuilder("machines dropped:");
            f.drops().forEach((cause, n) -> b.append(String.format(" %s %,d", cause, n)));
            lines.add(b.toString());
        }

        boolean met = f.failureCount() == 0 && !interrupted;
        List<Map<String, Object>> apps = new ArrayList<>();
        for (RunFacts.App app : f.apps()) {
            MachineGroup group = model.machines().get(app.group());
            long withGoal = app.withGoal(), goalMet = app.goalMet();
            met &= goalMet == withGoal;
            String where = group.count() == 1 ? group.name() : group.instanceName(1) + " … " + group.instanceName(group.count());
            String summary = group.count() == 1 ? app.summary()
                    : withGoal > 0 ? String.format("%,d of %,d met their goal", goalMet, withGoal) : "first: " + app.summary();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("machine", where);
            a.put("application", app.name());
            a.put("instances", group.count());
            a.put("with_goal", withGoal);
            a.put("goals_met", goalMet);
            a.put("summary", summary);
            Map<String, Object> results = app.results() == null ? Map.of() : app.results();
            if (!results.isEmpty()) a.put("results", results);
            apps.add(a);
            lines.add(String.format("%s on %s: %s%s", app.name(), where, summary,
                    withGoal > 0 ? (goalMet == withGoal ? "" : "  [GOAL NOT MET]") : ""));
            if (results.get("output") instanceof List<?> printed) for (Object line : printed) lines.add("    " + line);
        }
        json.put("applications", apps);
        List<String> failures = f.failures().stream().map(RunFacts.Fail::message).toList();
        json.put("failures", failures);
        json.put("failure_count", f.failureCount());
        json.put("application_failures", f.applicationFailures());
        json.put("internal_errors", f.failureCount() - f.applicationFailures());
        for (String x : failures.subList(0, Math.min(failures.size(), 20))) lines.add("FAILED: " + x);
        if (f.failureCount() > 20) lines.add(String.format("... and %,d more failures", f.failureCount() - 20));
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

    /**
     * Adds a partitioned run's {@code parallel} block (partitions, windows, lookahead): how the run was
     * computed, not part of its result, like wall_seconds (docs/results.md).
     */
    void parallel(elvis.partition.PartitionPlan plan, long windows, Map<String, Object> more) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("partitions", plan.partitions());
        block.put("machines_per_partition", plan.machineCounts());
        block.put("cut_links", plan.cutLinks());
        block.put("lookahead_ns", plan.lookaheadNs() == Long.MAX_VALUE ? null : plan.lookaheadNs());
        block.put("windows", windows);
        block.putAll(more);
        Object met = json.remove("goals_met");                 // stays the last field
        json.put("parallel", block);
        json.put("goals_met", met);
    }

    public Map<String, Object> json() { return json; }

    /** Every browsing user of the run, in machine order (from every partition): what {@code --plots} draws with the JSON. */
    List<elvis.web.user.WebReport.User> webUsers() { return webUsers; }

    /**
     * The control plane's measurements: messages and bytes per protocol, table changes (count, the
     * last one's time, how many at each instant: convergence after an event is its last change after
     * it), global routing's computations, the path stretch {@code st} at the end against shortest
     * paths, and the routers' table sizes (routes per router, and in all by origin).
     */
    private static Map<String, Object> routing(RunFacts.Routing f, PathStretch.Result st) {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> protocols = new LinkedHashMap<>();
        f.sent().forEach((p, mb) -> protocols.put(p, pair("messages", mb[0], "bytes", mb[1])));
        r.put("protocols", protocols);
        if (f.global()) r.put("global", pair("computations", f.computations(), null, null));
        r.put("table_changes", f.changes());
        r.put("last_change_ns", f.lastChangeNs() < 0 ? null : f.lastChangeNs());
        List<Object> series = new ArrayList<>();
        for (int i = 0; i < f.changeAt().length; i++) series.add(pair("time_ns", f.changeAt()[i], "changes", (long) f.changesAt()[i]));
        r.put("changes_over_time", series);
        List<Object> convergence = new ArrayList<>();
        for (elvis.routing.RoutingStats.Convergence c : elvis.routing.RoutingStats.convergence(f.changeAt(), f.changesAt(), f.changeAt().length,
                f.eventWhat(), f.eventAt())) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", c.what());
            e.put("at_ns", c.atNs());
            e.put("table_changes", c.changes());
            e.put("convergence_ns", c.convergenceNs() < 0 ? null : c.convergenceNs());
            convergence.add(e);
        }
        r.put("convergence", convergence);
        if (st != null) {
            Map<String, Object> stretch = new LinkedHashMap<>();
            stretch.put("endpoints", st.endpoints());
            stretch.put("pairs", st.pairs());
            stretch.put("unreachable", st.unreachable());
            stretch.put("disconnected", st.disconnected());
            stretch.put("mean", st.mean());
            stretch.put("max", st.max());
            r.put("stretch", stretch);
        }
        long routers = f.routers();
        Map<String, Object> tables = new LinkedHashMap<>();
        tables.put("routers", (int) routers);
        tables.put("routes_min", routers == 0 ? 0 : f.routesMin());
        tables.put("routes_mean", routers == 0 ? 0.0 : (double) f.routesTotal() / routers);
        tables.put("routes_max", f.routesMax());
        Map<String, Object> origins = new LinkedHashMap<>();
        for (elvis.protocol.ipv4.Origin o : elvis.protocol.ipv4.Origin.values())
            if (f.routesByOrigin()[o.ordinal()] > 0) origins.put(o.name().toLowerCase(Locale.ROOT), f.routesByOrigin()[o.ordinal()]);
        tables.put("routes_by_origin", origins);
        r.put("tables", tables);
        return r;
    }

    /** One or two keys in this order (Map.of's order changes from one JVM to the next, and the JSON's must not). */
    private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        if (k2 != null) m.put(k2, v2);
        return m;
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
}
