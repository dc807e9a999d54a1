package elvis.routing.global;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Global routing's memory stays near the tables used: 2,000 routers and 99,000 hosts (20 core, 180
 * aggregation and 1,800 access routers, 4,900 prefixes) take a few hundred bytes per host for
 * routing (measured: about 580, most of it the host's own table with its default route and its
 * interface listener), far from an all-pairs matrix (4,900 routes of 40 bytes at each of 2,000 routers would be
 * 4 KB per host), and the whole simulation stays within the 2 KB per host. Measured as
 * HeapEstimateTest does: the live heap the last full collection left.
 */
class GlobalRoutingMemoryTest {
    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) used += pool.getCollectionUsage().getUsed();
        }
        return used;
    }

    @Test
    void aHundredThousandHostsCostFewHundredBytesEachForRouting() {
        long empty = usedAfterGc();
        ScaledInternet net = new ScaledInternet(20, 180, 1800, 55);
        long built = usedAfterGc();
        long start = System.nanoTime();
        GlobalRouting g = GlobalRouting.install(net.sim.kernel(), net.sim.machines());
        double seconds = (System.nanoTime() - start) / 1e9;
        long routed = usedAfterGc();
        double routingPerHost = (routed - built) / (double) net.hosts, allPerHost = (routed - empty) / (double) net.hosts;
        System.out.printf("global routing of %d routers and %d hosts: computed in %.1f s; heap per host: routing %.0f B, all %.0f B%n",
                net.routers.size(), net.hosts, seconds, routingPerHost, allPerHost);
        assertThat(g.computations()).isEqualTo(1);
        assertThat(routingPerHost).isLessThan(700);
        assertThat(allPerHost).isLessThan(2048);
        assertThat(net.sim.machines()).hasSize(net.routers.size() + net.hosts);   // keeps it reachable until measured
    }
}
