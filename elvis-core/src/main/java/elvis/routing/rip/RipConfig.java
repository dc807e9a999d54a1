package elvis.routing.rip;

import elvis.routing.Redistribute;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A RIP router's parameters (RFC 2453 §3.8): the update period (each sent at a random point within
 * ±{@link #UPDATE_JITTER} of it), the route timeout, the garbage-collection time during which a dead
 * route is advertised at metric 16, how split horizon applies, which other routes it redistributes
 * ({@link Redistribute}: "static", "bgp", "ospf") at which metric, and the passive interfaces (by
 * device index, {@code ethN}): their subnets are advertised on the others, but no update is sent
 * there and none accepted (a LAN of hosts, or a link to another AS).
 */
public record RipConfig(long updateNs, long timeoutNs, long garbageNs, SplitHorizon splitHorizon, Set<String> redistribute,
                        int redistributeMetric, Set<Integer> passive) {
    /** The fraction of the update period by which each periodic update is offset at random (RFC 2453 §3.8 suggests ±5 s of 30 s). */
    public static final double UPDATE_JITTER = 1.0 / 6;
    /** The sources {@link #redistribute} may name. */
    public static final Set<String> SOURCES = Set.of("static", "bgp", "ospf");

    /** RFC 2453's timers: updates every 30 s, timeout 180 s, garbage collection 120 s; poisoned reverse; static routes at metric 1. */
    public static final RipConfig DEFAULT = new RipConfig(TimeUnit.SECONDS.toNanos(30), TimeUnit.SECONDS.toNanos(180),
            TimeUnit.SECONDS.toNanos(120), SplitHorizon.POISONED_REVERSE, Set.of("static"), 1, Set.of());

    public RipConfig {
        if (updateNs <= 0 || timeoutNs <= updateNs || garbageNs <= 0)
            throw new IllegalArgumentException("RIP timers must be positive and the timeout longer than the update period");
        if (splitHorizon == null) throw new IllegalArgumentException("split horizon must be given");
        Redistribute.origins(redistribute, SOURCES);
        if (redistributeMetric < 1 || redistributeMetric >= RipMessage.INFINITY)
            throw new IllegalArgumentException("RIP redistribution metric must be 1..15: " + redistributeMetric);
        redistribute = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(redistribute));
        passive = Set.copyOf(passive);
    }

    /** This configuration with the interfaces {@code devices} passive. */
    public RipConfig withPassive(Set<Integer> devices) {
        return new RipConfig(updateNs, timeoutNs, garbageNs, splitHorizon, redistribute, redistributeMetric, devices);
    }

    /** This configuration redistributing {@code sources} at {@code metric}. */
    public RipConfig withRedistribution(Set<String> sources, int metric) {
        return new RipConfig(updateNs, timeoutNs, garbageNs, splitHorizon, sources, metric, passive);
    }

    /** What a router advertises back out of the interface it learnt a route through (RFC 2453 §3.4.3). */
    public enum SplitHorizon {
        /** Everything, as learnt: loops between two routers count to infinity. */
        NONE,
        /** Nothing: the route is left out. */
        SIMPLE,
        /** The route at metric 16 (infinity), which breaks two-router loops at once. */
        POISONED_REVERSE
    }
}
