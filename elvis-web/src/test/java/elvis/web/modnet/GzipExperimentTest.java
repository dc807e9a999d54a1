package elvis.web.modnet;

import elvis.modnet.Module;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ModNet's adaptive gzip experiment (§5.3, Fig. 4; R-MN-6). Full size with -Dmodnet.full=true: 40
 * clients, a 10 Gbit/s uplink, 12 cores; in CI 10 clients, 2.5 Gbit/s and 3 cores (the same CPU and
 * uplink per client, so the same regime).
 */
class GzipExperimentTest {
    static final boolean FULL = Boolean.getBoolean("modnet.full");
    static final int CLIENTS = FULL ? 40 : 10;
    static final int CORES = FULL ? 12 : 3;
    static final long UPLINK = 10_000_000_000L * CLIENTS / 40;
    static final int REPORT = UsageReport.DEFAULT_BYTES;

    record Fig4(ReportLab.Run nativeRun, ReportLab.Run l1, ReportLab.Run l6, ReportLab.Run l9, ReportLab.Run module) {
        String describe(String regime) {
            return String.format("%s: native %.3f s, level 1 %.3f s, level 6 %.3f s, level 9 %.3f s, module %.3f s (levels %s)", regime,
                    nativeRun.meanSeconds(), l1.meanSeconds(), l6.meanSeconds(), l9.meanSeconds(), module.meanSeconds(),
                    ((GzipModule) module.module()).results().get("body_bytes_by_level"));
        }
    }

    static Fig4 fig4(long clientBps) {
        return new Fig4(run(clientBps, null), run(clientBps, GzipModule.fixed("l1", 1)), run(clientBps, GzipModule.fixed("l6", 6)),
                run(clientBps, GzipModule.fixed("l9", 9)), run(clientBps, new GzipModule("gz", 1, 9, 6, GzipModule.DEFAULT_BLOCK)));
    }

    static ReportLab.Run run(long clientBps, Module m) {
        ReportLab.Run r = ReportLab.run(CLIENTS, clientBps, UPLINK, CORES, REPORT, m);
        // Every client got the report exactly, compressed or not.
        String expected = ReportLab.sha256(UsageReport.of(ReportLab.REPORT_SEED, REPORT).toByteArray());
        assertThat(r.sha256()).containsOnly(expected).hasSize(CLIENTS);
        return r;
    }

    @Test
    void highBandwidthIsCpuBoundAndTheModuleTracksLevel1() {
        Fig4 f = fig4(240_000_000L);
        System.out.println(f.describe("240 Mbit/s per client"));
        double l1 = f.l1().meanSeconds();
        assertThat(f.module().meanSeconds()).as(f.describe("240")).isBetween(0.9 * l1, 1.1 * l1);
        assertThat(l1).isLessThanOrEqualTo(2.0 / 3 * f.nativeRun().meanSeconds());                          // R-MN-6
        // The paper's margins: level 1 ≈ 4× level 9 and 2× the default, and faster than no compression.
        assertThat(f.l9().meanSeconds() / l1).as(f.describe("240")).isBetween(3.0, 4.5);
        assertThat(f.l6().meanSeconds() / l1).as(f.describe("240")).isBetween(1.5, 2.3);
        assertThat(l1).as(f.describe("240")).isLessThan(f.nativeRun().meanSeconds());
        // CPU-bound: the cores were busy compressing for most of the download.
        assertThat(((GzipModule) f.module().module()).cpuNs() / (CORES * f.module().maxSeconds() * 1e9)).isGreaterThan(0.7);
    }

    @Test
    void lowBandwidthIsNetworkBoundAndTheModuleTracksLevel9() {
        Fig4 f = fig4(2_000_000L);
        System.out.println(f.describe("2 Mbit/s per client"));
        double l9 = f.l9().meanSeconds(), best = Math.min(l9, Math.min(f.l6().meanSeconds(), f.l1().meanSeconds()));
        // Within 10% of level 9, and of the best fixed level (here level 9 is partly held back by the CPU,
        // so level 6 can come out a little ahead; the module, mostly at 9, may be a little faster than 9).
        assertThat(f.module().meanSeconds()).as(f.describe("2")).isLessThanOrEqualTo(1.1 * l9).isGreaterThanOrEqualTo(0.85 * l9)
                .isLessThanOrEqualTo(1.1 * best);
        assertThat(f.module().meanSeconds()).isLessThanOrEqualTo(f.nativeRun().meanSeconds() / 34);      // R-MN-6
        // ModNet: level 9 ≈ 1.5× faster than level 1. Ours: the report's level-1 and level-9 outputs differ by
        // 1.4× in size, and level 9's CPU time shows through a little, so 1.1–1.6×.
        assertThat(f.l1().meanSeconds() / l9).as(f.describe("2")).isBetween(1.1, 1.6);
        // No compression is slower by about the compression ratio (34–51; ModNet measured 51×).
        double ratio = REPORT / (double) (f.l9().wireBytes() / CLIENTS);
        assertThat(f.nativeRun().meanSeconds() / f.module().meanSeconds()).as(f.describe("2") + ", ratio " + ratio)
                .isBetween(0.7 * ratio, 1.1 * ratio);
    }
}
