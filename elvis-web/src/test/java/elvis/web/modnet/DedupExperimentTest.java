package elvis.web.modnet;

import elvis.cpu.CpuCosts;
import elvis.web.server.HttpServerApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModNet's deduplicating send buffers (§5.6, Fig. 9; R-MN-9): N concurrent downloads of a 346 KB page
 * made from one template with under 300 bytes varying per download, on a 1 Gbit/s uplink. CI runs
 * N = 10 and 60; -Dmodnet.full=true runs up to 200.
 */
class DedupExperimentTest {
    static final boolean FULL = Boolean.getBoolean("modnet.full");
    static final int[] CONNECTIONS = FULL ? new int[]{10, 50, 100, 200} : new int[]{10, 60};
    static final int PAGE = TemplatePage.DEFAULT_BYTES;

    static ReportLab.Run run(int n, boolean dedup, int cores, CpuCosts costs) {
        HttpServerApp server = HttpServerApp.template(80, true, PAGE, 5L);
        return ReportLab.run(n, 100_000_000L, 1_000_000_000L, cores, costs, server, HttpServerApp.PAGE_PATH,
                dedup ? new DedupModule("dd") : null);
    }

    static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        Collections.sort(s);
        return s;
    }

    @Test
    void memoryFallsSevenfoldAndTheSameBytesAreDelivered() {
        double lastRatio = 0;
        for (int n : CONNECTIONS) {
            ReportLab.Run without = run(n, false, 0, CpuCosts.NONE), with = run(n, true, 0, CpuCosts.NONE);
            // The same pages, byte for byte (each page's dynamic part is drawn per request: compare as sets).
            assertThat(sorted(with.sha256())).isEqualTo(sorted(without.sha256()));
            for (byte[] body : with.bodies()) assertThat(body).hasSize(PAGE);
            BufferMemory nat = without.memory(), dd = with.memory();
            // Without the module both measures are the kernel's; with it, "native" is what a kernel would hold.
            assertThat(nat.dedupPeak()).isEqualTo(nat.nativePeak());
            assertThat(nat.nativePeak()).isGreaterThan((long) (0.9 * n * PAGE));
            assertThat(dd.nativePeak()).isGreaterThan((long) (0.9 * n * PAGE));
            double ratio = nat.nativePeak() / (double) dd.dedupPeak();
            System.out.printf("dedup, %d downloads: native peak %d B, dedup peak %d B, ÷%.1f; mean download %.3f s vs %.3f s%n",
                    n, nat.nativePeak(), dd.dedupPeak(), ratio, with.meanSeconds(), without.meanSeconds());
            assertThat(ratio).as("n=%d", n).isGreaterThan(lastRatio);       // sharing pays more with more downloads
            lastRatio = ratio;
            // Network-bound either way: the module does not slow the downloads down noticeably.
            assertThat(with.meanSeconds()).isLessThan(1.1 * without.meanSeconds());
        }
        assertThat(lastRatio).as("at the largest N").isGreaterThanOrEqualTo(7);
    }

    /**
     * With the CPU model, chunking every byte roughly doubles the server's CPU time (ModNet: 31% → 63%).
     * Costs set to the paper's proportion: generating a page takes about as long as chunking it
     * (350 µs vs 346 KB at 1 ns/B); the band allows for the heads and the last partial chunks.
     */
    @Test
    void cpuTimeRoughlyDoubles() throws Exception {
        CpuCosts costs = CpuCosts.parse("per_request=350us, dedup_byte=1ns");
        int n = 20;
        ReportLab.Run without = run(n, false, 4, costs), with = run(n, true, 4, costs);
        double ratio = with.cpuBusyNs() / (double) without.cpuBusyNs();
        System.out.printf("dedup CPU: %.1f ms without, %.1f ms with (×%.2f)%n", without.cpuBusyNs() / 1e6, with.cpuBusyNs() / 1e6, ratio);
        assertThat(without.cpuBusyNs()).isCloseTo(n * 350_000L, org.assertj.core.data.Percentage.withPercentage(0.01));
        assertThat(ratio).isBetween(1.9, 2.2);
        assertThat(sorted(with.sha256())).isEqualTo(sorted(without.sha256()));
    }
}
