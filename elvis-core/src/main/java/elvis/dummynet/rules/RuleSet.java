package elvis.dummynet.rules;

import elvis.dummynet.Dummynet;
import elvis.dummynet.Flowset;
import elvis.dummynet.Reinject;
import elvis.machine.Machine;
import elvis.machine.Nic;
import elvis.message.Message;
import elvis.protocol.bridge.Bridge;
import elvis.protocol.bridge.FrameFilter;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Filter;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.sim.RandomStream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine's ipfw rule list: rules in number order (equal numbers in the order added), the first
 * that matches decides; {@code count} and {@code skipto} go on. The default rule 65535 ends the list:
 * deny, as ipfw's, unless {@link #defaultAllow}. A packet a pipe lets go is not classified again on
 * that pass (one_pass, ipfw's default); a forwarded packet passes once in and once out, as in FreeBSD.
 * Classifying costs the rules tried before the match; address tables cost one hash probe per prefix
 * length they hold, whatever their size. A machine without rules has no rule set and pays one null
 * check per packet ({@link Machine#packetFilter}). Install it once the machine's devices exist.
 */
public final class RuleSet implements Ipv4Filter, FrameFilter, Reinject {
    public static final int DEFAULT_RULE = 65_535;
    /** ipfw's autoincrement: a rule added without a number gets the last one's plus this. */
    public static final int AUTO_STEP = 100;

    private final Machine machine;
    private Ipv4 ipv4;                  // found when first needed: a bridge has none
    private final List<Rule> added = new ArrayList<>();
    private final Map<Integer, AddressTable> tables = new HashMap<>();
    private Rule defaultRule = defaultRule(false);
    private Rule[] rules;               // added, in order, then the default rule; null when it must be rebuilt
    private final Packet packet = new Packet();
    private Dummynet engine;            // the simulation's, found on the first pipe or queue match
    private RandomStream random;

    private RuleSet(Machine machine) {
        this.machine = machine;
    }

    private Ipv4 ipv4() {
        Ipv4 v = ipv4;
        if (v == null) ipv4 = v = Ipv4.of(machine);
        return v;
    }

    /** {@code machine}'s rule set, made and installed at its IPv4 layer on first need. */
    public static RuleSet of(Machine machine) {
        if (machine.packetFilter() instanceof RuleSet r) return r;
        if (machine.packetFilter() != null) throw new IllegalStateException(machine.name() + " already has a packet filter");
        RuleSet r = new RuleSet(machine);
        machine.packetFilter(r);
        return r;
    }

    /**
     * A rule set for {@code machine} that is not installed: for reading and checking lines (a
     * configuration checker's scratch machine, which may have no device).
     */
    public static RuleSet detached(Machine machine) { return new RuleSet(machine); }

    /** {@code machine}'s rule set, or null when it has none. */
    public static RuleSet existing(Machine machine) {
        return machine.packetFilter() instanceof RuleSet r ? r : null;
    }

    public Machine machine() { return machine; }

    /** Makes the default rule 65535 allow (true) or deny (false, ipfw's default). */
    public RuleSet defaultAllow(boolean allow) {
        defaultRule = defaultRule(allow);
        rules = null;
        return this;
    }

    private static Rule defaultRule(boolean allow) {
        return new Rule(DEFAULT_RULE, 1, allow ? Action.ALLOW : Action.DENY, 0, null, new Match[0],
                (allow ? "allow" : "deny") + " ip from any to any");
    }

    /** Lookup table {@code number}, made empty on first mention. */
    public AddressTable table(int number) {
        if (number < 0 || number > 65_534) throw new IllegalArgumentException("table number must be 0..65534: " + number);
        return tables.computeIfAbsent(number, n -> new AddressTable());
    }

    /** The number a rule added without one gets. */
    int nextNumber() {
        int last = added.isEmpty() ? 0 : added.getLast().number;
        return Math.min(last + AUTO_STEP, DEFAULT_RULE - 1);
    }

    /** Adds {@code rule} after every rule numbered at most as it is. */
    void add(Rule rule) {
        int at = added.size();
        while (at > 0 && added.get(at - 1).number > rule.number) at--;
        added.add(at, rule);
        rules = null;
    }

    /** The rules in the order they are tried, the default rule last. */
    public List<Rule> rules() { return List.of(compiled()); }

    private Rule[] compiled() {
        Rule[] r = rules;
        if (r != null) return r;
        r = added.toArray(new Rule[added.size() + 1]);
        r[r.length - 1] = defaultRule;
        for (int i = 0; i < r.length; i++) {
            if (r[i].action != Action.SKIPTO) continue;
            int j = i + 1;
            while (r[j].number < r[i].argument) j++;       // the default rule stops it
            r[i].skipIndex = j;
        }
        return rules = r;
    }

    boolean isLocal(int ip) {
        if (ipv4 == null && machine.existing(Ipv4.KEY) == null) return false;     // a bridge: no address of its own
        return ipv4().isLocal(ip);
    }

    /** The rule that decides for a datagram (read into {@link #packet}), counting every rule it matches. */
    private Rule classify() {
        Rule[] r = compiled();
        Packet p = packet;
        for (int i = 0; ; ) {
            Rule rule = r[i];
            if (!matches(rule, p)) { i++; continue; }
            rule.packets++;
            rule.bytes += p.length;
            switch (rule.action) {
                case COUNT -> i++;
                case SKIPTO -> i = rule.skipIndex;
                default -> { return rule; }
            }
        }
    }

    private boolean matches(Rule rule, Packet p) {
        for (Match m : rule.body) if (!m.test(p, this)) return false;
        return rule.probability >= 1 || random().chance(rule.probability);
    }

    private RandomStream random() {
        RandomStream r = random;
        if (r == null) random = r = machine.sim().random(machine.name() + "/ipfw-prob");
        return r;
    }

    /** The rule that would decide for {@code datagram} (counting it), without acting: for tests and tools. */
    public Rule classify(Message datagram, boolean out, Ipv4Interface recv, Ipv4Interface xmit) {
        packet.read(datagram, out, recv == null ? null : recv.device(), xmit == null ? null : xmit.device());
        return classify();
    }

    @Override
    public boolean input(Message datagram, Ipv4Interface in) {
        packet.read(datagram, false, in.device(), null);
        return act(classify(), datagram, false, in, null, 0);
    }

    @Override
    public boolean output(Message datagram, Ipv4Interface out, int nextHop, Ipv4Interface in) {
        packet.read(datagram, true, in == null ? null : in.device(), out.device());
        return act(classify(), datagram, true, in, out, nextHop);
    }

    private boolean act(Rule rule, Message datagram, boolean out, Ipv4Interface in, Ipv4Interface xmit, int nextHop) {
        return act(rule, datagram, 0, meta(out, in, xmit, nextHop));
    }

    private boolean act(Rule rule, Message packet, int ipOffset, long meta) {
        switch (rule.action) {
            case ALLOW -> { return true; }
            case DENY -> machine.drop(RulesDrop.IPFW_DENY);
            default -> {                                   // PIPE, QUEUE
                Flowset target = target(rule);
                if (target == null) machine.drop(RulesDrop.NO_PIPE);
                else engine.divert(target, packet, ipOffset, meta, this);   // the engine counts its drops
            }
        }
        return false;
    }

    @Override
    public boolean bridgeInput(Message frame, Nic in) {
        packet.readFrame(frame, false, in, null);
        return act(classify(), frame, Packet.ETHER_HEADER, LAYER2 | (long) (in.index() + 1) << 32);
    }

    @Override
    public boolean bridgeOutput(Message frame, Nic in, Nic out) {
        packet.readFrame(frame, true, in, out);
        return act(classify(), frame, Packet.ETHER_HEADER, OUT | LAYER2 | (long) (in.index() + 1) << 32 | (long) (out.index() + 1) << 47);
    }

    /**
     * The pipe or queue {@code rule} sends to, looked up once; null when the simulation's dummynet
     * has none of that number (see {@link #unresolved}, which builders call to report it).
     */
    private Flowset target(Rule rule) {
        Flowset t = rule.flowset;
        if (t != null) return t;
        Dummynet e = engine();
        Flowset found = (rule.action == Action.PIPE ? e.pipes() : e.queues()).get(rule.target);
        return rule.flowset = found;
    }

    private Dummynet engine() {
        Dummynet e = engine;
        if (e == null) engine = e = Dummynet.of(machine.sim());
        return e;
    }

    /**
     * The rules whose pipe or queue the simulation's dummynet does not declare (checks the engine's
     * declarations as a whole first: call it once every pipe, queue and sched line is in).
     */
    public List<Rule> unresolved() {
        List<Rule> missing = new ArrayList<>();
        for (Rule r : compiled()) if ((r.action == Action.PIPE || r.action == Action.QUEUE) && target(r) == null) missing.add(r);
        return missing;
    }

    // What a held datagram needs to go on, packed in the engine's meta word: the direction, the
    // receiving and transmitting devices (index + 1, 0 for none: 14 and 16 bits), whether it is a
    // bridged frame, and the next hop.
    private static final long OUT = 1L << 63, LAYER2 = 1L << 46;

    private static long meta(boolean out, Ipv4Interface in, Ipv4Interface xmit, int nextHop) {
        long m = nextHop & 0xFFFF_FFFFL;
        if (in != null) m |= (long) (in.device().index() + 1) << 32;       // < 2^14 devices
        if (xmit != null) m |= (long) (xmit.device().index() + 1) << 47;
        return out ? m | OUT : m;
    }

    /** The engine gives back a datagram: it goes on where it was going, not classified again (one_pass). */
    @Override
    public void reinject(Message datagram, long meta) {
        int inIndex = (int) (meta >>> 32) & 0x3FFF, outIndex = (int) (meta >>> 47) & 0xFFFF;
        if ((meta & LAYER2) != 0) {
            Bridge bridge = Bridge.of(machine);
            if ((meta & OUT) != 0) bridge.transmit(datagram, outIndex - 1);
            else bridge.forward(datagram, inIndex - 1);
            return;
        }
        Ipv4 ipv4 = ipv4();
        Ipv4Interface in = inIndex == 0 ? null : ipv4.iface(inIndex - 1);
        if ((meta & OUT) != 0) ipv4.reinjectOutput(datagram, ipv4.iface(outIndex - 1), (int) meta, in);
        else ipv4.reinjectInput(datagram, in);
    }

    /** ipfw show: number, packets, bytes and rule, one line each, the default rule last. */
    public String show() {
        StringBuilder b = new StringBuilder();
        for (Rule r : compiled()) b.append(String.format("%05d %10d %12d %s%n", r.number, r.packets, r.bytes, r.text));
        return b.toString();
    }
}
