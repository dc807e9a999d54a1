package elvis.web.modnet;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.modnet.Module;
import elvis.modnet.ModuleFactory;
import elvis.sim.RandomStream;
import elvis.web.server.HttpServerApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GzipModuleTest {
    static final ModuleFactory.Context CONTEXT = new ModuleFactory.Context() {
        public String name() { return "gz"; }
        public RandomStream random() { return new RandomStream(1); }
    };

    static String errorKey(ModuleFactory f, String... kv) {
        try {
            f.create(Arguments.of(kv), CONTEXT);
        } catch (Arguments.ArgumentException e) {
            return e.key();
        }
        throw new AssertionError("no error");
    }

    @Test
    void parametersAreCheckedWithTheirNames() {
        ModuleFactory gzip = new GzipModule.Factory(), dedup = new DedupModule.Factory();
        assertThat(errorKey(gzip, "level", "6", "min_level", "2")).isEqualTo("min_level");
        assertThat(errorKey(gzip, "min_level", "7", "max_level", "3")).isEqualTo("min_level");
        assertThat(errorKey(gzip, "level", "10")).isEqualTo("level");
        assertThat(errorKey(dedup, "min_chunk", "16")).isEqualTo("min_chunk");
        assertThat(errorKey(dedup, "min_chunk", "4KB", "avg_chunk", "4KB")).isEqualTo("avg_chunk");
        assertThat(errorKey(dedup, "avg_chunk", "8KB", "max_chunk", "4KB")).isEqualTo("max_chunk");
        Module m = gzip.create(Arguments.of("min_level", "2", "max_level", "8"), CONTEXT);
        assertThat(((GzipModule) m).results()).containsEntry("levels", "2..8");
        assertThat(((GzipModule) gzip.create(Arguments.of("level", "9"), CONTEXT)).results()).containsEntry("levels", "9");
    }

    /** A report through the module to the HTTP client decodes exactly; the same run twice gives the same result. */
    @Test
    void deterministicAndExactEndToEnd() {
        ReportLab.Run[] runs = new ReportLab.Run[2];
        for (int i = 0; i < 2; i++) runs[i] = ReportLab.run(3, 20_000_000L, 1_000_000_000L, 1, 300_000,
                new GzipModule("gz", 1, 9, 6, 8192));
        String sha = ReportLab.sha256(UsageReport.of(ReportLab.REPORT_SEED, 300_000).toByteArray());
        assertThat(runs[0].sha256()).containsOnly(sha);
        assertThat(runs[0].meanSeconds()).isEqualTo(runs[1].meanSeconds());
        Map<String, Object> a = ((GzipModule) runs[0].module()).results(), b = ((GzipModule) runs[1].module()).results();
        assertThat(a).isEqualTo(b);
        assertThat(a).containsEntry("connections", 3L).containsEntry("responses_compressed", 3L).containsEntry("body_bytes_in", 900_000L);
        assertThat((Double) a.get("cpu_ms")).isPositive();
        assertThat(runs[0].wireBytes()).isEqualTo((Long) a.get("gzip_bytes_out"));
    }

    @Test
    void withoutCpuModelCompressionTakesNoTime() {
        GzipModule m = new GzipModule("gz", 1, 9, 6, GzipModule.DEFAULT_BLOCK);
        ReportLab.Run r = ReportLab.run(2, 20_000_000L, 1_000_000_000L, 0, 300_000, m);
        assertThat(m.cpuNs()).isZero();
        assertThat(r.sha256()).hasSize(2);
        assertThatThrownBy(() -> new GzipModule("x", 0, 9, 6, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void httpServerTakesTheNewSources() {
        ApplicationFactory f = new HttpServerApp.Factory();
        ApplicationFactory.Context ctx = ApplicationFactory.Context.of(name -> -1, Path.of("."));
        assertThat(f.create(Arguments.of("report", "3MB", "api", "sockets"), ctx)).isInstanceOf(HttpServerApp.class);
        assertThat(((HttpServerApp) f.create(Arguments.of("template", "346KB", "api", "sockets"), ctx)).onSockets()).isTrue();
        assertThat(((HttpServerApp) f.create(Arguments.of("template", "346KB"), ctx)).onSockets()).isFalse();
        assertThatThrownBy(() -> f.create(Arguments.of("report", "100"), ctx)).isInstanceOf(Arguments.ArgumentException.class)
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> f.create(Arguments.of("report", "3MB", "template", "346KB"), ctx)).isInstanceOf(Arguments.ArgumentException.class);
    }

    @Test
    void templatePagesShareAllButTheirDynamicBytes() {
        TemplatePage t = TemplatePage.of(5, TemplatePage.DEFAULT_BYTES);
        byte[] a = t.page(0, new RandomStream(1)).toByteArray(), b = t.page(1, new RandomStream(2)).toByteArray();
        assertThat(a).hasSize(TemplatePage.DEFAULT_BYTES);
        assertThat(b).hasSize(TemplatePage.DEFAULT_BYTES);
        int differ = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differ++;
        assertThat(differ).isPositive().isLessThan(300);
    }
}
