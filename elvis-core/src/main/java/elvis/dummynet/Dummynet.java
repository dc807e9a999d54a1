package elvis.dummynet;

import elvis.message.Message;
import elvis.sim.Simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dummynet engine of one simulation kernel: pipes, queues and schedulers declared once
 * ({@link #configure(PipeConfig)} and friends, numbered "1".."65534" or named), and the entry point
 * the classifier calls ({@link #divert}). A rule resolves its target once with {@link #pipe} or
 * {@link #queue} and hands packets to it; the engine queues, schedules, serializes and delays
 * them, then gives each back through its {@link Reinject} continuation, or drops it (counted by
 * cause in the flow queue's {@link Counters}).
 * <p>
 * Declarations may come in any order (a queue may name a pipe declared later); the first
 * {@link #pipe}/{@link #queue} lookup builds the running objects, after which the configuration is
 * fixed. Idle flow queues and scheduler instances expire after {@link #expireNs} (their counters
 * are kept in their flowset's totals).
 */
public final class Dummynet {
    /** {@link #divert} results. */
    public static final int QUEUED = 0, DROPPED = 1, DROPPED_QUIETLY = 2;
    public static final long DEFAULT_EXPIRE_NS = 1_000_000_000L;

    private final Simulator sim;
    final PacketSlots slots = new PacketSlots();        // every waiting packet of every instance
    private final Map<String, PipeConfig> pipeConfigs = new LinkedHashMap<>();
    private final Map<String, SchedConfig> schedConfigs = new LinkedHashMap<>();
    private final Map<String, QueueConfig> queueConfigs = new LinkedHashMap<>();
    private Map<String, SchedNode> nodes;               // built on first lookup
    private final Map<String, Flowset> pipeFlowsets = new LinkedHashMap<>(), queueFlowsets = new LinkedHashMap<>();
    private long tickNs;
    private long expireNs = DEFAULT_EXPIRE_NS;
    private FlowQueue idleHead, idleTail;           // flow queues that emptied, oldest first

    public Dummynet(Simulator sim) { this.sim = sim; }

    /** The engine of a kernel, made on first use (one per simulation, shared by every machine's rules). */
    public static Dummynet of(Simulator sim) { return sim.extension(Dummynet.class, Dummynet::new); }

    public Simulator sim() { return sim; }

    /** True when nothing is declared (a run without dummynet). */
    public boolean isEmpty() { return pipeConfigs.isEmpty() && schedConfigs.isEmpty() && queueConfigs.isEmpty(); }

    /** "1".."65534" or a name (a letter first, then letters, digits, '-', '_', '.'). */
    static void checkId(String id) {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a pipe, queue or sched needs a number or a name");
        if (Character.isDigit(id.charAt(0))) {
            int n;
            try {
                n = Integer.parseInt(id);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number 1..65534: " + id);
            }
            if (n < 1 || n > 65534) throw new IllegalArgumentException("number must be 1..65534: " + id);
            return;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) throw new IllegalArgumentException("bad character '" + c + "' in name: " + id);
        }
    }

    // ---- configuration ----

    /** Declares or replaces pipe {@code config.id()} (its link and its own queue; its sched part merges with {@code sched N}). */
    public void configure(PipeConfig config) {
        fixedCheck();
        pipeConfigs.put(config.id(), config);
    }

    public void configure(SchedConfig config) {
        fixedCheck();
        schedConfigs.put(config.id(), config);
    }

    public void configure(QueueConfig config) {
        fixedCheck();
        queueConfigs.put(config.id(), config);
    }

    /** Tick quantisation (R-DN-11): 0 (the default) is exact; else releases and delays are rounded up to multiples. */
    public void setTick(long ns) {
        fixedCheck();
        if (ns < 0) throw new IllegalArgumentException("tick must be >= 0: " + ns);
        tickNs = ns;
    }

    public long tickNs() { return tickNs; }

    /** How long an idle flow queue or scheduler instance lives (dummynet's {@code expire}). */
    public void setExpireNs(long ns) {
        if (ns < 0) throw new IllegalArgumentException("expire must be >= 0: " + ns);
        expireNs = ns;
    }

    public long expireNs() { return expireNs; }

    public Map<String, PipeConfig> pipeConfigs() { return java.util.Collections.unmodifiableMap(pipeConfigs); }
    public Map<String, SchedConfig> schedConfigs() { return java.util.Collections.unmodifiableMap(schedConfigs); }
    public Map<String, QueueConfig> queueConfigs() { return java.util.Collections.unmodifiableMap(queueConfigs); }

    private void fixedCheck() {
        if (nodes != null) throw new IllegalStateException("dummynet is running: configure pipes, queues and schedulers before traffic");
    }

    /** The target of a rule's {@code pipe N}. */
    public Flowset pipe(String id) {
        build();
        Flowset fs = pipeFlowsets.get(id);
        if (fs == null) throw new IllegalArgumentException("no pipe " + id);
        return fs;
    }

    /** The target of a rule's {@code queue N}. */
    public Flowset queue(String id) {
        build();
        Flowset fs = queueFlowsets.get(id);
        if (fs == null) throw new IllegalArgumentException("no queue " + id);
        return fs;
    }

    /**
     * Checks that the declarations fit together (every queue's pipe or sched exists); the first
     * lookup runs it too. Throws IllegalArgumentException naming the object otherwise.
     */
    public void build() {
        if (nodes != null) return;
        Map<String, SchedNode> built = new LinkedHashMap<>();
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(pipeConfigs.keySet());
        ids.addAll(schedConfigs.keySet());
        for (String id : ids) {
            PipeConfig pipe = pipeConfigs.getOrDefault(id, PipeConfig.defaults(id));
            SchedConfig sched = schedConfigs.get(id);
            if (sched == null) sched = pipe.sched();
            else if (pipe.sched().mask() != FlowMask.NONE && sched.mask().isNone()) sched = sched.withMask(pipe.sched().mask());
            Scheduler.Type type = sched.type();
            if (type == null) type = defaultType(id);
            built.put(id, new SchedNode(this, pipe, sched, type, tickNs));
        }
        for (QueueConfig q : queueConfigs.values()) {
            if (!built.containsKey(q.sched())) throw new IllegalArgumentException("queue " + q.id() + ": no pipe or sched " + q.sched());
        }
        nodes = built;
        for (SchedNode node : built.values()) {
            if (pipeConfigs.containsKey(node.pipe.id())) pipeFlowsets.put(node.pipe.id(), new Flowset("pipe", node.pipe.queue(), node));
        }
        for (QueueConfig q : queueConfigs.values()) queueFlowsets.put(q.id(), new Flowset("queue", q, built.get(q.sched())));
    }

    /**
     * dummynet's default scheduler is WF2Q+; a pipe whose only queue is its own behaves the same
     * under FIFO, which is cheaper, so FIFO is chosen then.
     */
    private Scheduler.Type defaultType(String id) {
        for (QueueConfig q : queueConfigs.values()) {
            if (q.sched().equals(id)) {
                Scheduler.Type wf2q = Schedulers.find("wf2q+");
                if (wf2q == null) throw new IllegalArgumentException("pipe " + id + " has queues but no scheduler type: give it one with 'sched " + id + " config type ...'");
                return wf2q;
            }
        }
        return FifoScheduler.TYPE;
    }

    // ---- the classifier's entry ----

    /**
     * Hands {@code packet} to {@code target} at the current time. {@code ipOffset} is where its IPv4
     * header starts: 0 for a packet at the IP layer, 14 for an Ethernet frame at a bridge (whose
     * length then counts whole, header included). {@code meta} is returned unchanged with the
     * packet through {@code back} when it leaves the pipe. Returns {@link #QUEUED}, or {@link
     * #DROPPED} / {@link #DROPPED_QUIETLY} ({@code noerror}: the sender is not told).
     */
    public int divert(Flowset target, Message packet, int ipOffset, long meta, Reinject back) {
        long now = sim.now();
        if (idleHead != null) expire(now);
        SchedNode node = target.node;
        long high = 0, low = 0;
        FlowMask schedMask = node.sched.mask(), flowMask = target.mask;
        if (!schedMask.isNone() || !flowMask.isNone()) {
            high = flowHigh(packet, ipOffset);
            low = flowLow(packet, ipOffset);
        }
        SchedInstance si = node.instance(schedMask.high(high), schedMask.low(low));
        FlowQueue q;
        if (node.type.singleQueue()) {
            // One queue per flowset in the instance (flow masks ignored), named after the instance in
            // pipe show; the first flowset's is at hand without a lookup.
            q = si.single();
            if (q == null || q.flowset() != target) {
                q = target.queue(si, si.flowHigh, si.flowLow);
                if (si.single() == null) si.single(q);
            }
        } else {
            q = target.queue(si, flowMask.high(high), flowMask.low(low));
        }
        int len = packet.length();
        q.counters.packetsIn++;
        q.counters.bytesIn += len;
        int mtu = node.pipe.mtu();
        if (mtu > 0 && len - ipOffset > mtu) {
            q.counters.dropMtu++;
            return dropped(q, now);
        }
        double plr = q.flowset().config().plr();
        if (plr > 0 && q.random().chance(plr)) {
            q.counters.dropPlr++;
            return dropped(q, now);
        }
        if (!si.offer(q, packet, ipOffset, meta, back, now)) return q.flowset().config().noerror() ? DROPPED_QUIETLY : DROPPED;
        return QUEUED;
    }

    private int dropped(FlowQueue q, long now) {
        maybeIdle(q, now);
        return q.flowset().config().noerror() ? DROPPED_QUIETLY : DROPPED;
    }

    /** Source and destination address (0 when not IPv4). */
    static long flowHigh(Message p, int off) {
        if (!isIpv4(p, off)) return 0;
        return (p.u32(off + 12) << 32) | p.u32(off + 16);
    }

    /** Ports of a TCP or UDP first fragment, and the protocol. */
    static long flowLow(Message p, int off) {
        if (!isIpv4(p, off)) return 0;
        int proto = p.u8(off + 9);
        int ihl = (p.u8(off) & 0xf) * 4;
        if ((proto == 6 || proto == 17) && (p.u16(off + 6) & 0x1fff) == 0 && p.length() >= off + ihl + 4) {
            return ((long) p.u16(off + ihl) << 24) | ((long) p.u16(off + ihl + 2) << 8) | proto;
        }
        return proto;
    }

    private static boolean isIpv4(Message p, int off) {
        if (p.length() < off + 20) return false;
        if (off >= 14 && p.u16(off - 2) != 0x0800) return false;
        return (p.u8(off) >>> 4) == 4;
    }

    // ---- expiry ----

    /** A flow queue may have become idle: list it for expiry. */
    void maybeIdle(FlowQueue q, long now) {
        if (q.length() > 0 || q.inFlight > 0) return;
        q.idleSince = now;
        if (q.listedIdle) return;
        q.listedIdle = true;
        q.listedAt = now;
        if (idleTail == null) idleHead = q;
        else idleTail.idleNext = q;
        idleTail = q;
    }

    private void expire(long now) {
        while (idleHead != null && idleHead.listedAt + expireNs <= now) {      // listed in time order
            FlowQueue q = idleHead;
            idleHead = q.idleNext;
            if (idleHead == null) idleTail = null;
            q.idleNext = null;
            q.listedIdle = false;
            if (q.length() > 0 || q.inFlight > 0) continue;           // busy again: listed when it empties
            if (q.idleSince + expireNs > now) {                        // emptied again since: back to the tail
                maybeIdle(q, q.idleSince);
                continue;
            }
            SchedInstance si = q.instance();
            q.flowset().remove(q);
            si.queueRemoved(q);
            if (si.queueCount() == 0 && si.idle(now)) si.node.remove(si);
        }
    }

    // ---- reports ----

    /** The running pipes and queues, for reports. */
    public Map<String, Flowset> pipes() { build(); return java.util.Collections.unmodifiableMap(pipeFlowsets); }
    public Map<String, Flowset> queues() { build(); return java.util.Collections.unmodifiableMap(queueFlowsets); }
    SchedNode node(String id) { build(); return nodes.get(id); }
    Map<String, SchedNode> nodes() { build(); return nodes; }
}
