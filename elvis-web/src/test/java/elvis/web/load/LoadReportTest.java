package elvis.web.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadReportTest {
    @Test
    void theSummaryReadsLikeWrksAndTheJsonHoldsTheSameFigures() {
        LatencyRecorder lat = new LatencyRecorder();
        for (int i = 1; i <= 1_000; i++) lat.record(i * 1_000_000L);        // 1 .. 1,000 ms
        LoadErrors errors = new LoadErrors();
        for (int i = 0; i < 998; i++) errors.status(200);
        errors.status(404);
        errors.status(503);
        errors.add(LoadErrors.Kind.TIMEOUT);
        LoadReport r = new LoadReport("http://server/index.html", 10, 0, "poisson", true, 10_000_000_000L,
                1_000, 136_000_000, 3, 11, lat, errors);
        assertThat(r.requestsPerSecond()).isEqualTo(100.0);
        assertThat(r.bytesPerSecond()).isEqualTo(13_600_000.0);
        List<String> lines = r.lines();
        assertThat(lines.getFirst()).isEqualTo("Running 10.00s test @ http://server/index.html");
        assertThat(lines).contains("  10 connections, closed loop, keep-alive",
                "      50%  " + LoadReport.time(lat.percentileNs(50)), "    99.9%  " + LoadReport.time(lat.percentileNs(99.9)),
                "  1000 requests in 10.00s, 136.00MB read",
                "  Socket errors: connect 0, reset 0, timeout 1, parse 0",
                "  Non-2xx or 3xx responses: 2",
                "Requests/sec: 100.00",
                "Transfer/sec: 13.60MB (0.109 Gbit/s)");
        Map<String, Object> json = r.results();
        assertThat(json).containsEntry("mode", "closed").containsEntry("requests", 1_000L).containsEntry("unfinished", 3L)
                .containsEntry("connections_opened", 11L).doesNotContainKey("rate");
        @SuppressWarnings("unchecked") Map<String, Object> l = (Map<String, Object>) json.get("latency");
        assertThat(l).containsEntry("count", 1_000L).containsEntry("mean_ms", 500.5).containsEntry("max_ms", 1_000.0);
        // The histogram's values: within its three significant digits of the samples of those ranks.
        assertThat((double) l.get("p50_ms")).isCloseTo(500.0, within(0.5));
        assertThat((double) l.get("p99_ms")).isCloseTo(990.0, within(1.0));
        assertThat((double) l.get("p99_9_ms")).isCloseTo(999.0, within(1.0));
        assertThat(json.get("errors")).isEqualTo(Map.of("connect", 0L, "reset", 0L, "timeout", 1L, "status", 2L, "parse", 0L));
        assertThat(json.get("status_codes")).isEqualTo(Map.of("200", 998L, "404", 1L, "503", 1L));
        assertThat(json.get("output")).isEqualTo(lines);
    }

    @Test
    void anOpenLoopSaysItsRate() {
        LoadReport r = new LoadReport("http://s/", 4, 250, "constant", false, 1_000_000_000L, 0, 0, 0, 0, new LatencyRecorder(), new LoadErrors());
        assertThat(r.lines()).contains("  4 connections, open loop at 250.00 requests/s (constant), a connection per request");
        assertThat(r.results()).containsEntry("mode", "open").containsEntry("rate", 250.0).containsEntry("arrivals", "constant");
    }

    @Test
    void unitsFollowWrk() {
        assertThat(LoadReport.time(0)).isEqualTo("0.00us");
        assertThat(LoadReport.time(635_910)).isEqualTo("635.91us");
        assertThat(LoadReport.time(12_920_000)).isEqualTo("12.92ms");
        assertThat(LoadReport.time(30_000_000_000L)).isEqualTo("30.00s");
        assertThat(LoadReport.size(999)).isEqualTo("999B");
        assertThat(LoadReport.size(17_760_000_000L)).isEqualTo("17.76GB");
    }
}
