package elvis.routing.ospf;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An OSPFv2 router's parameters (RFC 2328 Appendix C): its router ID (0: its highest interface
 * address), the area, the interface timers, SPF throttling (the first run {@code spfDelayNs} after a
 * change; while changes keep coming, the wait doubles from {@code spfHoldNs} up to {@code spfMaxHoldNs},
 * as FRR's default 0/50/5000 ms), the reference bandwidth an interface's default cost derives from
 * (cost = reference / link bandwidth, at least 1), per-interface overrides, and what the router
 * redistributes as AS-external LSAs ({@link elvis.routing.Redistribute}: "static", "bgp", "rip";
 * none makes it no AS boundary router) with which metric and metric type (type 2 by default, as
 * Cisco and BIRD; metric 20, FRR's and Cisco's default for redistributed routes).
 */
public record OspfConfig(int routerId, int area, long helloNs, long deadNs, long retransmitNs, long transmitDelayNs,
                         long spfDelayNs, long spfHoldNs, long spfMaxHoldNs, long referenceBandwidth, List<Interface> interfaces,
                         Set<String> redistribute, int externalMetric, boolean externalType2) {
    /** The sources {@link #redistribute} may name. */
    public static final Set<String> SOURCES = Set.of("static", "bgp", "rip");
    public static final int DEFAULT_EXTERNAL_METRIC = 20;

    /** RFC 2328's suggested values: hello 10 s, dead 40 s, retransmit 5 s, transmit delay 1 s; area 0; FRR's SPF throttle; 100 Mbit/s reference. */
    public static final OspfConfig DEFAULT = new OspfConfig(0, 0, TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(40),
            TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(1), 0, TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.SECONDS.toNanos(5), 100_000_000L, List.of());

    /** Redistributing nothing. */
    public OspfConfig(int routerId, int area, long helloNs, long deadNs, long retransmitNs, long transmitDelayNs,
                      long spfDelayNs, long spfHoldNs, long spfMaxHoldNs, long referenceBandwidth, List<Interface> interfaces) {
        this(routerId, area, helloNs, deadNs, retransmitNs, transmitDelayNs, spfDelayNs, spfHoldNs, spfMaxHoldNs, referenceBandwidth, interfaces,
                Set.of(), DEFAULT_EXTERNAL_METRIC, true);
    }

    public OspfConfig {
        if (helloNs <= 0 || deadNs <= helloNs || retransmitNs <= 0 || transmitDelayNs < 0)
            throw new IllegalArgumentException("OSPF timers must be positive and the dead interval longer than the hello interval");
        if (spfDelayNs < 0 || spfHoldNs < 0 || spfMaxHoldNs < spfHoldNs) throw new IllegalArgumentException("bad SPF throttle");
        if (referenceBandwidth <= 0) throw new IllegalArgumentException("reference bandwidth must be positive");
        interfaces = List.copyOf(interfaces);
        elvis.routing.Redistribute.origins(redistribute, SOURCES);
        if (externalMetric < 1 || externalMetric >= Lsa.LS_INFINITY)
            throw new IllegalArgumentException("OSPF external metric must be 1.." + (Lsa.LS_INFINITY - 1) + ": " + externalMetric);
        redistribute = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(redistribute));
    }

    /** This configuration redistributing {@code sources} at {@code metric}, of type 2 or 1. */
    public OspfConfig withRedistribution(Set<String> sources, int metric, boolean type2) {
        return new OspfConfig(routerId, area, helloNs, deadNs, retransmitNs, transmitDelayNs, spfDelayNs, spfHoldNs, spfMaxHoldNs, referenceBandwidth,
                interfaces, sources, metric, type2);
    }

    /**
     * Overrides for the machine's {@code device}th interface (eth{@code device}): {@code cost} (0: from
     * the bandwidth), router {@code priority} for DR election (0: never DR; RFC default 1), and
     * {@code passive}: its subnet is advertised but no hello is sent there (a stub LAN of hosts).
     */
    public record Interface(int device, int cost, int priority, boolean passive) {
        public Interface {
            if (device < 0) throw new IllegalArgumentException("no device " + device);
            if (cost < 0 || cost > 0xFFFF) throw new IllegalArgumentException("OSPF cost must be 1..65535: " + cost);
            if (priority < 0 || priority > 255) throw new IllegalArgumentException("OSPF priority must be 0..255: " + priority);
        }
    }
}
