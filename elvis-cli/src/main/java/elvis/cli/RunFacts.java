package elvis.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.cpu.CpuReport;
import elvis.dummynet.DummynetReport;
import elvis.dummynet.rules.IpfwReport;
import elvis.link.Network;
import elvis.link.PipeStats;
import elvis.machine.Application;
import elvis.machine.DropCause;
import elvis.machine.Failure;
import elvis.machine.Machine;
import elvis.ndl.SimulationBuilder.Built;
import elvis.modnet.ModNet;
import elvis.ndl.model.NdlSimulation;
import elvis.protocol.dhcp.DhcpReport;
import elvis.routing.RoutingStats;
import elvis.routing.global.GlobalRouting;
import elvis.web.user.WebReport;
import elvis.web.user.WebUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The countable facts of a run, or of one partition of a partitioned run: what the run report adds up
 * over partitions (counters, failures in machine order, each group's applications, the routing
 * counters and events). A partition's facts travel as bytes ({@link #toBytes}), so partitions in other
 * processes can send them to partition 0, which {@link #merge}s them into the facts of the whole run;
 * a sequential run's facts are its one partition's, so every mode reports through the same code. The
 * path stretch alone is not a fact: it walks routes over every machine ({@link elvis.routing.PathStretch}).
 *
 * @param machines machines built (all of the run's, once merged)
 * @param networks per network of the description that this part has, its counters (a cut link's halves add)
 * @param failures the first {@link RunReport#MAX_FAILURES_LISTED} failures, in machine order
 * @param apps     per group and application of the description, the goal counts, and the first instance's summary where this part has it
 * @param routing  null when nothing routed
 * @param dhcp     this part's DHCP block ({@code DhcpReport.of} its machines; empty when none)
 * @param cpu      the first {@code CpuReport.MAX_LISTED} entries of machines that used their processors, of {@code cpuCount}
 * @param ipfw     the first {@code IpfwReport.MAX_MACHINES} entries of machines with rules, of {@code ipfwCount}
 * @param web      the browsing users, per machine that has some
 * @param dummynet the kernel's pipes and queues (JSON and pipe show text), null when it has none
 * @param modules  per ModNet module registered, in registration order
 */
record RunFacts(long seed, long endNs, long lastEventNs, long finishedNs, boolean unfinished, long events, long machines,
                List<Net> networks, Map<String, Long> drops, List<Fail> failures, long failureCount, long applicationFailures,
                Map<String, Long> icmpSent, Map<String, Long> icmpReceived, boolean ecn, long ceReceived, long eceReactions,
                List<App> apps, Routing routing, Map<String, Object> dhcp, List<Entry> cpu, long cpuCount, List<Entry> ipfw, long ipfwCount,
                List<Users> web, Dummynet dummynet, List<Module> modules) {

    /** The report's entry for the machine at {@code machine} in the whole build's order. */
    record Entry(long machine, Map<String, Object> value) { }

    /** The browsing users of the machine at {@code machine} in the whole build's order. */
    record Users(long machine, List<WebReport.User> users) { }

    record Dummynet(Map<String, Object> json, List<String> text) { }

    /** A ModNet module's counters and own measures, and whether they moved (in the partition whose machines apply it). */
    record Module(String name, boolean active, Map<String, Object> json, String line) { }

    /** The facts of a run interrupted before anything was built. */
    static RunFacts none(long seed) {
        return new RunFacts(seed, 0, 0, -1, false, 0, 0, List.of(), Map.of(), List.of(), 0, 0, Map.of(), Map.of(), false, 0, 0, List.of(),
                new Routing(Map.of(), 0, -1, new long[0], new int[0], List.of(), new long[0], false, 0, 0, 0, 0, 0,
                        new long[elvis.protocol.ipv4.Origin.values().length]), Map.of(), List.of(), 0, List.of(), 0, List.of(), null, List.of());
    }

    record Net(int index, long offered, long delivered, long queue, long aqm, long loss, long mtu, long linkDown, long unknown,
               long ecnMarked, long corrupted, long bytesDelivered, long floodSkipped) {
        Net plus(Net o) {
            return new Net(index, offered + o.offered, delivered + o.delivered, queue + o.queue, aqm + o.aqm, loss + o.loss, mtu + o.mtu,
                    linkDown + o.linkDown, unknown + o.unknown, ecnMarked + o.ecnMarked, corrupted + o.corrupted,
                    bytesDelivered + o.bytesDelivered, floodSkipped + o.floodSkipped);
        }

        long dropped() { return queue + aqm + loss + mtu + linkDown; }
    }

    /** A failure of the machine at {@code machine} in the whole build's order. */
    record Fail(long machine, String message, boolean application) { }

    /** Application {@code app} of group {@code group}; {@code name}, {@code summary}, {@code results}: its first instance's, null where another part has it. */
    record App(int group, int app, long withGoal, long goalMet, String name, String summary, Map<String, Object> results) { }

    /** Routing counters; {@code eventWhat}/{@code eventAt} the events recorded (partition 0's are the run's). */
    record Routing(Map<String, long[]> sent, long changes, long lastChangeNs, long[] changeAt, int[] changesAt, List<String> eventWhat,
                   long[] eventAt, boolean global, long computations, long routers, long routesTotal, long routesMin, long routesMax,
                   long[] routesByOrigin) { }

    /** The facts of {@code built} after a run that dispatched {@code events} of its events (without echoes) and ended at {@code endNs}. */
    static RunFacts of(Built built, long events, long endNs) {
        var sim = built.simulation();
        long finished = -1;
        boolean unfinished = false;
        Map<String, Long> drops = new TreeMap<>();
        List<Fail> failures = new ArrayList<>();
        long failureCount = 0, applicationFailures = 0;
        Map<String, Long> sent = new TreeMap<>(), received = new TreeMap<>();
        boolean ecn = false;
        long ce = 0, ece = 0;
        long[] wholeFirst = wholeFirst(built.model());
        List<Entry> cpu = new ArrayList<>(), ipfw = new ArrayList<>();
        long cpuCount = 0, ipfwCount = 0;
        List<Users> web = new ArrayList<>();
        for (int g = 0; g < built.model().machines().size(); g++) {
            List<Machine> machines = built.machines(g);
            for (int j = 0; j < machines.size(); j++) {
                Machine m = machines.get(j);
                long index = wholeFirst[g] + built.instance(g, j) - 1;
                Map<String, Object> cpuUse = CpuReport.machine(m);
                if (cpuUse != null && cpuCount++ < CpuReport.MAX_LISTED) cpu.add(new Entry(index, cpuUse));
                Map<String, Object> rules = IpfwReport.machine(m);
                if (rules != null && ipfwCount++ < IpfwReport.MAX_MACHINES) ipfw.add(new Entry(index, rules));
                List<WebUser> users = WebUser.on(m);
                if (!users.isEmpty()) web.add(new Users(index, users.stream().map(WebReport.User::of).toList()));
                for (Application a : m.applications()) {
                    finished = Math.max(finished, a.finishedAtNs());
                    unfinished |= a.hasGoal() && a.finishedAtNs() < 0;
                }
                if (m.totalDrops() > 0) for (Map.Entry<DropCause, Long> d : m.drops().entrySet()) drops.merge(d.getKey().label(), d.getValue(), Long::sum);
                for (Failure f : m.failures()) {
                    if (failureCount++ < RunReport.MAX_FAILURES_LISTED) failures.add(new Fail(index, f.message(), f.kind() == Failure.Kind.APPLICATION));
                    if (f.kind() == Failure.Kind.APPLICATION) applicationFailures++;
                }
                elvis.protocol.icmp.Icmp icmp = m.existing(elvis.protocol.icmp.Icmp.KEY);
                if (icmp != null) icmp.counters().forEach((k, n) -> {
                    int space = k.indexOf(' ');
                    (k.startsWith("sent") ? sent : received).merge(k.substring(space + 1), n, Long::sum);
                });
                elvis.protocol.tcp.EcnCounters c = elvis.protocol.tcp.EcnCounters.existing(m);
                if (c != null) {
                    ecn = true;
                    ce += c.ceReceived();
                    ece += c.eceReactions();
                }
            }
        }
        List<Net> nets = new ArrayList<>();
        for (int n = 0; n < built.networks().size(); n++) {
            Network net = built.networks().get(n);
            if (net == null) continue;
            PipeStats s = net.stats();
            nets.add(new Net(n, s.offered(), s.delivered(), s.droppedQueue(), s.droppedAqm(), s.droppedLoss(), s.droppedMtu(), s.droppedDown(),
                    net.unknownDestination(), s.ecnMarked(), s.corrupted(), s.bytesDelivered(), net.floodSkipped()));
        }
        List<App> apps = new ArrayList<>();
        for (int g = 0; g < built.model().machines().size(); g++) {
            var group = built.model().machines().get(g);
            List<Machine> machines = built.machines(g);
            boolean first = !machines.isEmpty() && built.instance(g, 0) == 1;
            for (int k = 0; k < group.applications().size(); k++) {
                long withGoal = 0, goalMet = 0;
                for (Machine m : machines) {
                    Application a = m.applications().get(k);
                    if (a.hasGoal()) { withGoal++; if (a.goalMet()) goalMet++; }
                }
                Application a = first ? machines.getFirst().applications().get(k) : null;
                apps.add(new App(g, k, withGoal, goalMet, a == null ? null : a.name(), a == null ? null : a.summary(),
                        a == null || group.count() != 1 ? null : a.results()));
            }
        }
        return new RunFacts(sim.kernel().seed(), endNs, sim.kernel().lastEventTime(), finished, unfinished, events, sim.machines().size(), nets,
                drops, failures, failureCount, applicationFailures, sent, received, ecn, ce, ece, apps, routing(sim),
                DhcpReport.of(sim.machines()), cpu, cpuCount, ipfw, ipfwCount, web, dummynet(sim.kernel()), modules(sim.kernel()));
    }

    private static Dummynet dummynet(elvis.sim.Simulator kernel) {
        elvis.dummynet.Dummynet dn = elvis.dummynet.Dummynet.of(kernel);
        return dn.isEmpty() ? null : new Dummynet(DummynetReport.json(dn), DummynetReport.text(dn).lines().toList());
    }

    private static List<Module> modules(elvis.sim.Simulator kernel) {
        ModNet modnet = ModNet.of(kernel);
        List<Module> out = new ArrayList<>();
        modnet.stats().forEach((name, st) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.putAll(st.toMap());
            m.putAll(modnet.module(name).results());    // the module's own measures (gzip's levels, dedup's chunks)
            boolean active = false;
            for (Object v : st.toMap().values()) active |= v instanceof Number n && n.doubleValue() != 0;
            out.add(new Module(name, active, m, "module " + name + ": " + st));
        });
        return out;
    }

    /** Per group, the index of its first machine in a whole build. */
    private static long[] wholeFirst(NdlSimulation model) {
        long[] first = new long[model.machines().size()];
        long n = 0;
        for (int g = 0; g < first.length; g++) {
            first[g] = n;
            n += model.machines().get(g).count();
        }
        return first;
    }

    private static Routing routing(elvis.Simulation sim) {
        RoutingStats stats = RoutingStats.of(sim.kernel());
        List<GlobalRouting> global = GlobalRouting.installed(sim.kernel());
        long routers = 0, total = 0, min = Long.MAX_VALUE, max = 0;
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
        Map<String, long[]> sent = new TreeMap<>();
        for (String p : stats.protocols()) sent.put(p, new long[] {stats.messages(p), stats.bytes(p)});
        long[] at = new long[stats.instants()];
        int[] changes = new int[stats.instants()];
        for (int i = 0; i < at.length; i++) {
            at[i] = stats.instantNs(i);
            changes[i] = stats.changesAt(i);
        }
        List<String> what = new ArrayList<>();
        long[] eventAt = new long[stats.events()];
        for (int e = 0; e < eventAt.length; e++) {
            what.add(stats.eventWhat(e));
            eventAt[e] = stats.eventAt(e);
        }
        return new Routing(sent, stats.changes(), stats.lastChangeNs(), at, changes, what, eventAt, !global.isEmpty(),
                global.stream().mapToLong(GlobalRouting::computations).sum(), routers, total, min, max, byOrigin);
    }

    /** Whether anything routed: the report has a routing block. */
    boolean routed() {
        return routing.changes() > 0 || !routing.sent().isEmpty() || routing.eventAt().length > 0 || routing.global();
    }

    /**
     * The facts of a whole run from its partitions' (each partition's once): counters add, networks by
     * index (a cut link's halves add), failures in machine order, each application's first instance from
     * the partition that has it, routing changes by instant.
     */
    static RunFacts merge(List<RunFacts> parts) {
        RunFacts first = parts.getFirst();
        long lastEvent = -1, finished = -1, events = 0, machines = 0, failureCount = 0, applicationFailures = 0, ce = 0, ece = 0;
        boolean unfinished = false, ecn = false;
        Map<Integer, Net> nets = new TreeMap<>();
        Map<String, Long> drops = new TreeMap<>(), sent = new TreeMap<>(), received = new TreeMap<>();
        List<Fail> failures = new ArrayList<>();
        Map<Long, App> apps = new TreeMap<>();
        for (RunFacts f : parts) {
            lastEvent = Math.max(lastEvent, f.lastEventNs);
            finished = Math.max(finished, f.finishedNs);
            unfinished |= f.unfinished;
            events += f.events;
            machines += f.machines;
            for (Net n : f.networks) nets.merge(n.index(), n, Net::plus);
            f.drops.forEach((k, v) -> drops.merge(k, v, Long::sum));
            failures.addAll(f.failures);
            failureCount += f.failureCount;
            applicationFailures += f.applicationFailures;
            f.icmpSent.forEach((k, v) -> sent.merge(k, v, Long::sum));
            f.icmpReceived.forEach((k, v) -> received.merge(k, v, Long::sum));
            ecn |= f.ecn;
            ce += f.ceReceived;
            ece += f.eceReactions;
            for (App a : f.apps) {
                apps.merge(((long) a.group() << 32) | a.app(), a, (x, y) -> new App(x.group(), x.app(), x.withGoal() + y.withGoal(), x.goalMet() + y.goalMet(),
                        x.name() != null ? x.name() : y.name(), x.name() != null ? x.summary() : y.summary(), x.name() != null ? x.results() : y.results()));
            }
        }
        failures.sort(Comparator.comparingLong(Fail::machine));      // stable: a machine's failures keep their order
        List<Fail> listed = List.copyOf(failures.subList(0, Math.min(failures.size(), RunReport.MAX_FAILURES_LISTED)));
        List<Entry> cpu = new ArrayList<>(), ipfw = new ArrayList<>();
        List<Users> web = new ArrayList<>();
        List<Map<String, Object>> dhcp = new ArrayList<>();
        long cpuCount = 0, ipfwCount = 0;
        Dummynet dummynet = null;
        Map<String, Module> modules = new LinkedHashMap<>();
        for (RunFacts f : parts) {
            dhcp.add(f.dhcp);
            cpu.addAll(f.cpu);
            cpuCount += f.cpuCount;
            ipfw.addAll(f.ipfw);
            ipfwCount += f.ipfwCount;
            web.addAll(f.web);
            if (dummynet == null) dummynet = f.dummynet;     // a partitioned run has pipes in one partition at most
            // Every partition registers every module; the machines applying one run in one partition, whose are its counts.
            for (Module m : f.modules) modules.merge(m.name(), m, (x, y) -> x.active() ? x : y.active() ? y : x);
        }
        cpu.sort(Comparator.comparingLong(Entry::machine));
        ipfw.sort(Comparator.comparingLong(Entry::machine));
        web.sort(Comparator.comparingLong(Users::machine));
        return new RunFacts(first.seed, first.endNs, lastEvent, finished, unfinished, events, machines, List.copyOf(nets.values()), drops, listed,
                failureCount, applicationFailures, sent, received, ecn, ce, ece, List.copyOf(apps.values()), mergeRouting(parts),
                DhcpReport.merge(dhcp), List.copyOf(cpu.subList(0, (int) Math.min(cpu.size(), CpuReport.MAX_LISTED))), cpuCount,
                List.copyOf(ipfw.subList(0, Math.min(ipfw.size(), IpfwReport.MAX_MACHINES))), ipfwCount, web, dummynet,
                List.copyOf(modules.values()));
    }

    private static Routing mergeRouting(List<RunFacts> parts) {
        Map<String, long[]> sent = new TreeMap<>();
        TreeMap<Long, Integer> instants = new TreeMap<>();
        long changes = 0, lastChange = -1, computations = 0, routers = 0, total = 0, min = Long.MAX_VALUE, max = 0;
        boolean global = false;
        long[] byOrigin = new long[elvis.protocol.ipv4.Origin.values().length];
        List<String> what = new ArrayList<>();
        long[] eventAt = new long[0];
        for (RunFacts f : parts) {
            Routing r = f.routing;
            r.sent().forEach((p, mb) -> sent.merge(p, mb.clone(), (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]}));
            changes += r.changes();
            lastChange = Math.max(lastChange, r.lastChangeNs());
            for (int i = 0; i < r.changeAt().length; i++) instants.merge(r.changeAt()[i], r.changesAt()[i], Integer::sum);
            if (!r.eventWhat().isEmpty()) {                    // partition 0 records every event
                what = r.eventWhat();
                eventAt = r.eventAt();
            }
            global |= r.global();
            computations += r.computations();
            routers += r.routers();
            total += r.routesTotal();
            min = Math.min(min, r.routesMin());
            max = Math.max(max, r.routesMax());
            for (int o = 0; o < byOrigin.length; o++) byOrigin[o] += r.routesByOrigin()[o];
        }
        long[] at = instants.keySet().stream().mapToLong(Long::longValue).toArray();
        int[] n = instants.values().stream().mapToInt(Integer::intValue).toArray();
        return new Routing(sent, changes, lastChange, at, n, what, eventAt, global, computations, routers, total, min, max, byOrigin);
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** This part's facts as bytes, for partition 0 (over MPI, {@code Exchange.gather}). */
    byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunFacts fromBytes(byte[] bytes) {
        try {
            return JSON.readValue(bytes, RunFacts.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
