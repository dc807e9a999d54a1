package elvis.protocol.dhcp;

import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.message.Message;
import elvis.protocol.dns.ResolvConf;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;
import elvis.protocol.udp.DatagramHandler;
import elvis.protocol.udp.Udp;
import elvis.protocol.udp.UdpSession;
import elvis.sim.RandomStream;
import elvis.sim.Simulator;
import elvis.sim.Timer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DHCP client of one interface (RFC 2131 §4.4): INIT → DISCOVER broadcast from 0.0.0.0:68 to
 * 255.255.255.255:67 → SELECTING (takes the first offer) → REQUESTING (REQUEST broadcast with options
 * 50 and 54) → BOUND (the interface gets the address and prefix, the machine a default route from
 * option 3 and its {@link ResolvConf} from options 6 and 15) → at T1 RENEWING (REQUEST unicast to the
 * server) → at T2 REBINDING (REQUEST broadcast) → at expiry the address and route go and it starts
 * again; a NAK starts it again at once. T1 and T2 are options 58 and 59, else 0.5 and 0.875 of the
 * lease. Retransmission follows §4.1: 4, 8, 16, 32, 64 s (the cap, kept while selecting), each ±1 s
 * uniformly from the machine's seeded stream; a REQUEST unanswered after the fifth try starts again
 * from INIT; in RENEWING and REBINDING it is resent after half the time left to T2 or expiry, at
 * least 60 s. The xid is random from the same stream; replies are matched on xid and chaddr.
 * {@link #reboot} goes through INIT-REBOOT/REBOOTING with the address it had; {@link #stop} releases;
 * {@link #halt} goes silent as a machine that loses power.
 *
 * <p>Use: {@code DhcpClient c = new DhcpClient(sim.connect(machine, lan)); machine.addApplication(c);}
 * (an interface made without an address). Other applications of the machine start once it is bound
 * when wrapped by {@link #whenBound(Application)}; event code can ask {@link #whenBound(Runnable)},
 * and a blocking process waits with {@code p.await(client::whenBound)}.
 * Clients of several interfaces of one machine share port 68: the first started binds it.
 *
 * <p>With {@link #probe(boolean) probe} on, an acknowledged address that the network's neighbour
 * directory already binds to another MAC (what an ARP probe, RFC 5227, would find, at the cost of
 * one lookup instead of a second's wait) is declined and the client starts again after 10 s (§3.1
 * step 5). On a network resolved by ARP there is no directory, and the probe finds nothing.
 */
public final class DhcpClient implements Application, DatagramHandler {
    public enum State { INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING, INIT_REBOOT, REBOOTING, STOPPED }

    static final long S = 1_000_000_000L;
    private static final byte[] PARAMETERS = {DhcpMessage.SUBNET_MASK, DhcpMessage.ROUTER, DhcpMessage.DNS, DhcpMessage.DOMAIN_NAME,
            DhcpMessage.LEASE_TIME, DhcpMessage.RENEWAL_TIME, DhcpMessage.REBINDING_TIME};
    private static final int MAX_REQUEST_TRIES = 5;

    private final Ipv4Interface iface;
    private Machine machine;
    private UdpSession port;                 // port 68, bound by the machine's first client
    private DhcpClient nextOnMachine;        // further clients of the same machine, served through that port
    private RandomStream random;
    private State state = State.INIT;
    private Timer timer;
    private int xid, tries, offered, server, address, router, remembered;
    private boolean probe, broadcastFlag, hasResolver;
    private long startedNs, requestSentNs, t1Ns, t2Ns, expiryNs;
    private long boundAtNs = -1;
    private int leases, renewals, rebinds, naks, declines;
    private List<Runnable> onBound;          // made when something waits

    public DhcpClient(Ipv4Interface iface) { this.iface = iface; }

    @Override
    public String name() { return "dhcp_client"; }

    /** Declines an offered address already in use on the network (see the class comment). */
    public DhcpClient probe(boolean on) { probe = on; return this; }

    /** Asks servers to broadcast their replies (the B flag), as clients that cannot receive unicast before configuration do. */
    public DhcpClient broadcastFlag(boolean on) { broadcastFlag = on; return this; }

    public Ipv4Interface iface() { return iface; }
    public State state() { return state; }
    /** The leased address, or 0 while none. */
    public int address() { return address; }
    public boolean bound() { return address != 0; }
    /** When the client was first bound, or -1. */
    public long boundAtNs() { return boundAtNs; }
    /** When BOUND goes to RENEWING, REBINDING and the address expires (ns, absolute); meaningful while it has a lease. */
    public long t1Ns() { return t1Ns; }
    public long t2Ns() { return t2Ns; }
    public long expiryNs() { return expiryNs; }
    /** Leases obtained (ACKs taken), of them extensions by renewing and by rebinding, NAKs received, addresses declined. */
    public int leases() { return leases; }
    public int renewals() { return renewals; }
    public int rebinds() { return rebinds; }
    public int naks() { return naks; }
    public int declines() { return declines; }

    @Override
    public void start(Machine m) {
        machine = m;
        if (iface.device().machine() != m) throw new IllegalArgumentException(iface.device().name() + " is not a device of " + m.name());
        random = m.sim().random(m.name() + "/dhcp/" + iface.device().index());
        for (Application a : m.applications()) {
            if (a instanceof DhcpClient first && first != this && first.port != null) {
                nextOnMachine = first.nextOnMachine;
                first.nextOnMachine = this;
                port = first.port;
            }
        }
        if (port == null) port = Udp.of(m).bind(DhcpMessage.CLIENT_PORT, this, this);
        begin();
    }

    /** Runs {@code action} once the interface is bound: now if it is, else at the first ACK. Event code only. */
    public void whenBound(Runnable action) {
        if (bound()) action.run();
        else {
            if (onBound == null) onBound = new ArrayList<>(2);
            onBound.add(action);
        }
    }

    /** {@code app}, started when this client is first bound instead of at time 0: add the result to the machine. */
    public Application whenBound(Application app) { return new AfterBound(this, app); }

    /** Releases the lease (DHCPRELEASE), removes the address and stops: a graceful shutdown. */
    public void stop() {
        if (state == State.STOPPED || machine == null) return;     // stopped, or never started
        cancelTimer();
        if (address != 0) {
            DhcpMessage m = message(DhcpMessage.RELEASE);
            m.xid = xid = (int) random.nextLong();
            m.ciaddr = address;
            m.serverId = server;
            port.sendTo(server, DhcpMessage.SERVER_PORT, m.toMessage());
            remembered = address;
            unconfigure();
        }
        state = State.STOPPED;
    }

    /** Stops without a word to the server, as a machine that loses power: the address goes, the lease stays with the server until it expires. */
    public void halt() {
        cancelTimer();
        if (address != 0) {
            remembered = address;
            unconfigure();
        }
        state = State.STOPPED;
    }

    /** As after a power cycle: INIT-REBOOT asks for the address it had (INIT when it had none). */
    public void reboot() {
        if (machine == null) throw new IllegalStateException("the DHCP client of " + iface.device().name() + " has not started");
        halt();
        begin();
    }

    private void begin() {
        if (remembered != 0) {
            state = State.INIT_REBOOT;
            newExchange();
            state = State.REBOOTING;
            sendRequest();
            retransmitLater();
        } else {
            init();
        }
    }

    private void init() {
        state = State.INIT;
        newExchange();
        state = State.SELECTING;
        sendDiscover();
        retransmitLater();
    }

    private void newExchange() {
        xid = (int) random.nextLong();
        tries = 0;
        startedNs = machine.sim().now();
    }

    private Simulator sim() { return machine.sim(); }

    // ---- timers ----

    private void arm(long atNs) {
        cancelTimer();
        timer = sim().timer(Math.max(0, atNs - sim().now()), this::timeout);
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel();
        timer = null;
    }

    /** The next retransmission of SELECTING, REQUESTING or REBOOTING: 4 s doubling to 64 s, ±1 s. */
    private void retransmitLater() {
        long base = Math.min(64, 4L << Math.min(tries, 4)) * S;
        arm(sim().now() + base + random.nextLong(2 * S + 1) - S);
    }

    private void timeout() {
        machine.protect("DHCP client timer", () -> {
            timer = null;
            long now = sim().now();
            switch (state) {
                case SELECTING -> { tries++; sendDiscover(); retransmitLater(); }
                case REQUESTING, REBOOTING -> {
                    if (++tries >= MAX_REQUEST_TRIES) init();
                    else { sendRequest(); retransmitLater(); }
                }
                case INIT -> init();
                case BOUND -> { state = State.RENEWING; newExchange(); renew(); }
                case RENEWING -> {
                    if (now >= t2Ns) { state = State.REBINDING; rebind(); }
                    else renew();
                }
                case REBINDING -> {
                    if (now >= expiryNs) { unconfigure(); init(); }
                    else rebind();
                }
                default -> { }
            }
        });
    }

    private void renew() {
        sendRequest();
        arm(Math.min(t2Ns, requestSentNs + Math.max(60 * S, (t2Ns - requestSentNs) / 2)));
    }

    private void rebind() {
        sendRequest();
        arm(Math.min(expiryNs, requestSentNs + Math.max(60 * S, (expiryNs - requestSentNs) / 2)));
    }

    // ---- messages out ----

    private DhcpMessage message(int type) {
        long mac = iface.device().mac();
        DhcpMessage m = DhcpMessage.of(DhcpMessage.BOOTREQUEST, type, xid, mac);
        m.secs = (int) Math.min(0xFFFF, (sim().now() - startedNs) / S);
        m.clientId = new byte[7];
        m.clientId[0] = 1;                                  // hardware type Ethernet, then the MAC (RFC 2132 §9.14)
        for (int i = 0; i < 6; i++) m.clientId[1 + i] = (byte) (mac >>> (40 - 8 * i));
        return m;
    }

    private void sendDiscover() {
        DhcpMessage m = message(DhcpMessage.DISCOVER);
        if (broadcastFlag) m.flags = DhcpMessage.BROADCAST_FLAG;
        m.requestedIp = remembered;                         // a hint: the server may give it back
        m.parameterList = PARAMETERS;
        m.maxSize = 1500;
        m.hostName = machine.name();
        RawSend.broadcast(iface, 0, DhcpMessage.CLIENT_PORT, DhcpMessage.SERVER_PORT, m);
    }

    /** The REQUEST of the current state: selecting (50, 54), rebooting (50), renewing/rebinding (ciaddr). */
    private void sendRequest() {
        requestSentNs = sim().now();                        // a lease runs from its request (§4.4.1)
        DhcpMessage m = message(DhcpMessage.REQUEST);
        m.parameterList = PARAMETERS;
        m.maxSize = 1500;
        m.hostName = machine.name();
        if (state == State.REQUESTING) {
            if (broadcastFlag) m.flags = DhcpMessage.BROADCAST_FLAG;
            m.requestedIp = offered;
            m.serverId = server;
        } else if (state == State.REBOOTING) {
            if (broadcastFlag) m.flags = DhcpMessage.BROADCAST_FLAG;
            m.requestedIp = remembered;
        } else {
            m.ciaddr = address;
        }
        if (state == State.RENEWING) port.sendTo(server, DhcpMessage.SERVER_PORT, m.toMessage());
        else RawSend.broadcast(iface, m.ciaddr, DhcpMessage.CLIENT_PORT, DhcpMessage.SERVER_PORT, m);
    }

    private void decline(int ip) {
        DhcpMessage m = message(DhcpMessage.DECLINE);
        m.requestedIp = ip;
        m.serverId = server;
        RawSend.broadcast(iface, 0, DhcpMessage.CLIENT_PORT, DhcpMessage.SERVER_PORT, m);
        declines++;
        remembered = 0;
        state = State.INIT;
        arm(sim().now() + 10 * S);                          // RFC 2131 §3.1 step 5: at least 10 s before restarting
    }

    // ---- messages in ----

    @Override
    public void datagram(Message data, int srcIp, int srcPort) {
        DhcpMessage m = DhcpMessage.parse(data);
        if (m == null) { machine.drop(DhcpDrop.DHCP_MALFORMED); return; }
        for (DhcpClient c = this; c != null; c = c.nextOnMachine) {
            if (c.iface.device().mac() == m.chaddr) { c.receive(m); return; }
        }
        machine.drop(DhcpDrop.DHCP_NOT_EXPECTED);
    }

    private void receive(DhcpMessage m) {
        if (m.op != DhcpMessage.BOOTREPLY || m.xid != xid) { machine.drop(DhcpDrop.DHCP_NOT_EXPECTED); return; }
        switch (m.type) {
            case DhcpMessage.OFFER -> {
                if (state != State.SELECTING || m.serverId == 0 || m.yiaddr == 0) { machine.drop(DhcpDrop.DHCP_NOT_EXPECTED); return; }
                offered = m.yiaddr;
                server = m.serverId;
                state = State.REQUESTING;
                tries = 0;
                sendRequest();
                retransmitLater();
            }
            case DhcpMessage.ACK -> {
                boolean expected = state == State.REQUESTING || state == State.REBOOTING || state == State.RENEWING || state == State.REBINDING;
                if (!expected || m.yiaddr == 0 || m.leaseTime < 0) { machine.drop(DhcpDrop.DHCP_NOT_EXPECTED); return; }
                if (probe && state == State.REQUESTING && inUse(m.yiaddr)) {
                    if (m.serverId != 0) server = m.serverId;
                    decline(m.yiaddr);
                    return;
                }
                bind(m);
            }
            case DhcpMessage.NAK -> {
                if (state != State.REQUESTING && state != State.REBOOTING && state != State.RENEWING && state != State.REBINDING) {
                    machine.drop(DhcpDrop.DHCP_NOT_EXPECTED);
                    return;
                }
                naks++;
                remembered = 0;
                unconfigure();
                init();
            }
            default -> machine.drop(DhcpDrop.DHCP_NOT_EXPECTED);
        }
    }

    /** What an ARP probe would find: another interface already holds {@code ip} on this network. */
    private boolean inUse(int ip) {
        return iface.resolution() instanceof elvis.protocol.arp.NeighborDirectory d && d.lookup(ip) >= 0 && d.lookup(ip) != iface.device().mac();
    }

    private void bind(DhcpMessage m) {
        long started = requestSentNs;
        if (state == State.RENEWING) renewals++;
        if (state == State.REBINDING) rebinds++;
        if (m.serverId != 0) server = m.serverId;
        if (m.yiaddr != address) {
            unconfigure();
            configure(m);
        }
        leases++;
        remembered = address;
        state = State.BOUND;
        if (m.leaseTime == DhcpMessage.INFINITE) {
            t1Ns = t2Ns = expiryNs = Long.MAX_VALUE;
            cancelTimer();
        } else {
            long lease = m.leaseTime * S;
            expiryNs = started + lease;
            t1Ns = started + (m.renewalTime >= 0 && m.renewalTime * S < lease ? m.renewalTime * S : lease / 2);
            t2Ns = started + (m.rebindingTime >= 0 && m.rebindingTime * S < lease ? m.rebindingTime * S : lease / 8 * 7);
            if (t2Ns < t1Ns) t2Ns = t1Ns;
            arm(t1Ns);
        }
        if (boundAtNs < 0) boundAtNs = sim().now();
        List<Runnable> waiting = onBound;
        onBound = null;
        if (waiting != null) for (Runnable r : waiting) r.run();
    }

    private void configure(DhcpMessage m) {
        int prefix = m.hasSubnetMask ? prefixOf(m.subnetMask) : 24;
        iface.addAddress(m.yiaddr, prefix);
        address = m.yiaddr;
        if (m.routers != null && iface.onLink(m.routers[0])) {
            router = m.routers[0];
            Ipv4.of(machine).replaceRoute(0, 0, router);
        }
        if (m.dnsServers != null || m.domainName != null) {
            ResolvConf rc = ResolvConf.of(machine);
            if (m.dnsServers != null) rc.nameservers(m.dnsServers);
            if (m.domainName != null) rc.searchDomain(m.domainName);
            hasResolver = true;
        }
    }

    /** The prefix length of a contiguous mask; a mask with holes is read as its leading ones. */
    static int prefixOf(int mask) { return Integer.numberOfLeadingZeros(~mask); }

    /** Takes away what the lease configured. */
    private void unconfigure() {
        if (address == 0) return;
        Ipv4 ip = Ipv4.of(machine);
        if (router != 0) ip.removeRoute(0, 0, router);
        router = 0;
        iface.removeAddress(address);
        address = 0;
        if (hasResolver) {
            ResolvConf rc = ResolvConf.of(machine);
            rc.nameservers(new int[0]);
            rc.searchDomain("");
            hasResolver = false;
        }
    }

    @Override
    public String summary() {
        return address != 0 ? "bound " + elvis.protocol.ipv4.Ipv4Address.format(address) + ", " + leases + " leases, " + renewals + " renewals, " + rebinds + " rebinds"
                : state.name().toLowerCase() + ", no address";
    }

    @Override
    public Map<String, Object> results() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("state", state.name().toLowerCase());
        r.put("address", address == 0 ? "" : elvis.protocol.ipv4.Ipv4Address.format(address));
        r.put("bound_at_ns", boundAtNs);
        r.put("leases", leases);
        r.put("renewals", renewals);
        r.put("rebinds", rebinds);
        r.put("naks", naks);
        r.put("declines", declines);
        return r;
    }

    /** An application that starts when its machine's DHCP client is first bound. */
    private record AfterBound(DhcpClient client, Application app) implements Application {
        @Override public String name() { return app.name(); }
        @Override public void start(Machine m) { client.whenBound(() -> m.guard(app, () -> app.start(m))); }
        @Override public boolean hasGoal() { return app.hasGoal(); }
        @Override public boolean goalMet() { return app.goalMet(); }
        @Override public long finishedAtNs() { return app.finishedAtNs(); }
        @Override public String summary() { return app.summary(); }
        @Override public Map<String, Object> results() { return app.results(); }
    }
}
