package elvis.dummynet;

import elvis.config.Units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters of every pipe, queue and flow instance (R-DN-12), as a {@code pipe show}-like text
 * table and as JSON-ready maps (what {@code elvis run --json} writes). Totals include expired
 * instances; the rows list live ones.
 */
public final class DummynetReport {
    private DummynetReport() {}

    /** One block per pipe and per queue: its parameters, its totals and one row per flow queue. */
    public static String text(Dummynet dn) {
        StringBuilder out = new StringBuilder();
        for (Flowset fs : dn.pipes().values()) {
            SchedNode n = fs.node;
            PipeConfig p = n.pipe;
            out.append(String.format("pipe %s: %s %s burst %d%s%s%n", p.id(),
                    p.rate() instanceof LineRate.Constant(long bps) ? (bps == 0 ? "unlimited" : Units.formatBandwidth(bps)) : "trace",
                    Units.formatDuration(p.delayNs()), p.burstBytes(),
                    p.profile() == null ? "" : " profile " + p.profile().name(),
                    dn.tickNs() == 0 ? "" : " tick " + Units.formatDuration(dn.tickNs())));
            out.append(String.format(" sched %s type %s mask %s, %d instance(s), %d buckets%n", p.id(), n.type.name(), n.sched.mask(), n.instances(), n.sched.buckets()));
            flowset(out, fs);
        }
        for (Flowset fs : dn.queues().values()) flowset(out, fs);
        return out.toString();
    }

    private static void flowset(StringBuilder out, Flowset fs) {
        QueueConfig q = fs.config();
        out.append(String.format(" %s %s: %s plr %s buckets %d weight %d pri %d mask %s %s%s%s%n", fs.kind(), q.id(),
                q.slots() > 0 ? q.slots() + " sl." : q.bytes() + " B", java.math.BigDecimal.valueOf(q.plr()).stripTrailingZeros().toPlainString(), q.buckets(), q.weight(), q.priority(),
                q.mask(), q.aqm().name(), q.noerror() ? " noerror" : "", fs.kind().equals("queue") ? " -> pipe " + q.sched() : ""));
        out.append(String.format("  %-44s %10s %12s %10s %12s %5s %5s %s%n", "flow (proto src:port dst:port)", "in_pkts", "in_bytes", "out_pkts", "out_bytes", "len", "max", "drops queue/plr/aqm/profile/wire/mtu"));
        for (FlowQueue fq : fs.queues()) row(out, flowName(fq.flowHigh, fq.flowLow), fq.counters);
        row(out, "total (" + fs.instances() + " live)", fs.totals());
    }

    private static void row(StringBuilder out, String name, Counters c) {
        out.append(String.format("  %-44s %10d %12d %10d %12d %5d %5d %d/%d/%d/%d/%d/%d%n", name, c.packetsIn, c.bytesIn, c.packetsOut, c.bytesOut,
                c.length, c.maxLength, c.dropQueue, c.dropPlr, c.dropAqm, c.dropProfile, c.dropWire, c.dropMtu));
    }

    static String flowName(long high, long low) {
        return String.format("%d %s:%d %s:%d", low & 0xff, Units.formatIpv4((int) (high >>> 32)), (low >>> 24) & 0xffff,
                Units.formatIpv4((int) high), (low >>> 8) & 0xffff);
    }

    /** {"pipes":[...],"queues":[...]}: parameters, totals and flows of each. */
    public static Map<String, Object> json(Dummynet dn) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> pipes = new ArrayList<>();
        for (Flowset fs : dn.pipes().values()) {
            PipeConfig p = fs.node.pipe;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("bandwidth_bps", p.rate().bitsPerSecond(0));
            m.put("delay_ns", p.delayNs());
            m.put("burst_bytes", p.burstBytes());
            m.put("sched", fs.node.type.name());
            m.put("sched_mask", fs.node.sched.mask().toString());
            m.put("sched_instances", fs.node.instances());
            m.putAll(flowsetJson(fs));
            pipes.add(m);
        }
        List<Object> queues = new ArrayList<>();
        for (Flowset fs : dn.queues().values()) queues.add(flowsetJson(fs));
        root.put("pipes", pipes);
        root.put("queues", queues);
        root.put("tick_ns", dn.tickNs());
        return root;
    }

    private static Map<String, Object> flowsetJson(Flowset fs) {
        QueueConfig q = fs.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        m.put("pipe", q.sched());
        if (q.slots() > 0) m.put("queue_slots", q.slots());
        else m.put("queue_bytes", q.bytes());
        m.put("plr", q.plr());
        m.put("buckets", q.buckets());
        m.put("weight", q.weight());
        m.put("priority", q.priority());
        m.put("mask", q.mask().toString());
        m.put("aqm", q.aqm().name());
        m.put("noerror", q.noerror());
        m.put("totals", counters(fs.totals()));
        List<Object> flows = new ArrayList<>();
        for (FlowQueue fq : fs.queues()) {
            Map<String, Object> f = counters(fq.counters);
            f.put("flow", flowName(fq.flowHigh, fq.flowLow));
            flows.add(f);
        }
        m.put("flows", flows);
        return m;
    }

    static Map<String, Object> counters(Counters c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packets_in", c.packetsIn); m.put("bytes_in", c.bytesIn);
        m.put("packets_out", c.packetsOut); m.put("bytes_out", c.bytesOut);
        m.put("length", c.length); m.put("max_length", c.maxLength); m.put("bytes_queued", c.bytes); m.put("max_bytes", c.maxBytes);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("queue", c.dropQueue); d.put("plr", c.dropPlr); d.put("aqm", c.dropAqm); d.put("profile", c.dropProfile);
        d.put("wire", c.dropWire); d.put("mtu", c.dropMtu);
        m.put("drops", d);
        m.put("marked", c.marked);
        m.put("corrupted", c.corrupted);
        m.put("duplicated", c.duplicated);
        m.put("reordered", c.reordered);
        return m;
    }
}
