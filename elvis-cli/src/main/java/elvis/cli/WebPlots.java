package elvis.cli;

import elvis.web.user.WebReport;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code elvis run --plots DIR}: the web workload's charts (R-WEB-7), drawn from the run's results:
 * {@code page_load_cdf.png} and {@code dwell_cdf.png} (the distributions over every page of every
 * browsing user), {@code server_load.png} (the bytes users received from each server, per time
 * bin, in Mbit/s over virtual time) and {@code latency_percentiles.png} (each {@code http_load}'s
 * latency percentiles), {@code video_bitrate.png} (each {@code video_client}'s bitrate over time) and {@code routing_changes.png}
 * (how many routing tables changed at each instant). A chart without data is not written.
 */
final class WebPlots {
    /** Points of a drawn CDF: enough for a smooth line whatever the number of samples. */
    static final int CDF_POINTS = 1000;
    /** Time bins of the load chart over the run. */
    static final int LOAD_BINS = 200;

    private WebPlots() { }

    /** Writes the charts the run has data for into {@code dir}; returns the files written. */
    static List<Path> write(List<WebReport.User> users, Map<String, Object> report, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<long[]> loads = new ArrayList<>(), dwells = new ArrayList<>();
        for (WebReport.User u : users) {
            loads.add(u.loads());
            dwells.add(u.dwells());
        }
        long[] load = WebReport.concat(loads), dwell = WebReport.concat(dwells);
        if (load.length > 0) files.add(cdf(dir, "page_load_cdf", "page load time (asking for the page to its last image)", "seconds", load));
        if (dwell.length > 0) files.add(cdf(dir, "dwell_cdf", "dwell time (reading a page)", "seconds", dwell));
        if (load.length > 0) files.add(serverLoad(dir, users));
        Path latency = latency(dir, report);
        if (latency != null) files.add(latency);
        Path video = videoBitrate(dir, report);
        if (video != null) files.add(video);
        Path routing = routingChanges(dir, report);
        if (routing != null) files.add(routing);
        return files;
    }

    private static Path cdf(Path dir, String name, String title, String unit, long[] ns) throws IOException {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        int points = Math.min(CDF_POINTS, sorted.length);
        double[] x = new double[points + 1], y = new double[points + 1];
        x[0] = sorted[0] / 1e9;
        for (int i = 1; i <= points; i++) {
            int rank = (int) Math.ceil((double) i / points * sorted.length);      // the sample at this fraction
            x[i] = sorted[rank - 1] / 1e9;
            y[i] = (double) rank / sorted.length;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title + String.format(" (%,d samples)", sorted.length))
                .xAxisTitle(unit).yAxisTitle("fraction at or below").build();
        chart.addSeries("CDF", x, y).setMarker(SeriesMarkers.NONE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        return save(chart, dir, name);
    }

    private static Path serverLoad(Path dir, List<WebReport.User> users) throws IOException {
        long end = 1;
        for (WebReport.User u : users) end = Math.max(end, u.lastLoadedNs());
        long bin = niceBin((end + LOAD_BINS - 1) / LOAD_BINS);
        int bins = (int) (end / bin) + 1;
        Map<String, double[]> byServer = new TreeMap<>();
        for (WebReport.User u : users) {
            double[] bits = byServer.computeIfAbsent(u.server(), k -> new double[bins]);
            for (int i = 0; i < u.requested().length; i++) bits[(int) ((u.requested()[i] + u.loads()[i]) / bin)] += u.pageBytes()[i] * 8.0;
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title("server load: bytes delivered to users, per " + millis(bin))
                .xAxisTitle("virtual time (s)").yAxisTitle("Mbit/s").build();
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        double[] t = new double[bins];
        for (int b = 0; b < bins; b++) t[b] = b * bin / 1e9;
        int n = 0;
        for (var e : byServer.entrySet()) {
            if (n++ == TracePlot.MAX_SERIES) break;
            double[] mbps = e.getValue().clone();
            for (int b = 0; b < bins; b++) mbps[b] = mbps[b] / (bin / 1e9) / 1e6;
            chart.addSeries(e.getKey(), t, mbps).setMarker(SeriesMarkers.NONE);
        }
        return save(chart, dir, "server_load");
    }

    /** Each {@code http_load}'s percentiles from its results' {@code latency} object (keys p50_ms, p99_9_ms, …). */
    @SuppressWarnings("unchecked")
    private static Path latency(Path dir, Map<String, Object> report) throws IOException {
        CategoryChart chart = null;
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Object o : (List<Object>) report.getOrDefault("applications", List.of())) {
            Map<String, Object> app = (Map<String, Object>) o;
            if (!(app.get("results") instanceof Map<?, ?> results) || !(results.get("latency") instanceof Map<?, ?> latency)) continue;
            List<String> names = new ArrayList<>();
            List<Number> values = new ArrayList<>();
            for (var e : ((Map<String, Object>) latency).entrySet()) {
                if (e.getKey().matches("p[0-9_]+_ms") && e.getValue() instanceof Number v) {
                    names.add(e.getKey().substring(0, e.getKey().length() - 3).replace('_', '.'));
                    values.add(v);
                }
            }
            if (names.isEmpty()) continue;
            if (chart == null) chart = new CategoryChartBuilder().width(900).height(500).title("request latency percentiles (virtual time)")
                    .xAxisTitle("percentile").yAxisTitle("ms").build();
            String name = app.get("application") + " on " + app.get("machine") + (results.get("target") instanceof String t ? " → " + t : "");
            for (int k = 2; !named.add(name); k++) name = name.replaceFirst(" \\(\\d+\\)$", "") + " (" + k + ")";   // two alike on one machine
            chart.addSeries(name, names, values);
        }
        return chart == null ? null : save(chart, dir, "latency_percentiles");
    }

    /** Each {@code video_client}'s bitrate over virtual time, a step per run of frames (its results' {@code bitrate_series}). */
    @SuppressWarnings("unchecked")
    private static Path videoBitrate(Path dir, Map<String, Object> report) throws IOException {
        XYChart chart = null;
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Object o : (List<Object>) report.getOrDefault("applications", List.of())) {
            Map<String, Object> app = (Map<String, Object>) o;
            if (!(app.get("results") instanceof Map<?, ?> results) || !(results.get("bitrate_series") instanceof List<?> series) || series.isEmpty()) continue;
            double[] t = new double[2 * series.size()], kbps = new double[2 * series.size()];
            for (int i = 0; i < series.size(); i++) {
                Map<String, Object> p = (Map<String, Object>) series.get(i);
                double at = ((Number) p.get("time_s")).doubleValue(), rate = ((Number) p.get("kbps")).doubleValue();
                t[2 * i] = at;                                   // a step: the previous rate up to here, this one from here
                kbps[2 * i] = i == 0 ? rate : kbps[2 * i - 1];
                t[2 * i + 1] = at;
                kbps[2 * i + 1] = rate;
            }
            if (chart == null) {
                chart = new XYChartBuilder().width(900).height(500).title("video bitrate of the frames received (virtual time)")
                        .xAxisTitle("virtual time (s)").yAxisTitle("kbit/s").build();
                chart.getStyler().setXAxisDecimalPattern("#,##0.##");
            }
            if (named.size() == TracePlot.MAX_SERIES) break;
            String name = app.get("application") + " on " + app.get("machine");
            for (int k = 2; !named.add(name); k++) name = name.replaceFirst(" \\(\\d+\\)$", "") + " (" + k + ")";
            chart.addSeries(name, t, kbps).setMarker(SeriesMarkers.NONE);
        }
        return chart == null ? null : save(chart, dir, "video_bitrate");
    }

    /**
     * The routing tables changed over virtual time: how many changed at each instant (a failure's convergence reads as its
     * burst), with the [Events] marked above.
     */
    @SuppressWarnings("unchecked")
    private static Path routingChanges(Path dir, Map<String, Object> report) throws IOException {
        if (!(report.get("routing") instanceof Map<?, ?> routing) || !(routing.get("changes_over_time") instanceof List<?> series) || series.isEmpty())
            return null;
        double[] t = new double[series.size()], n = new double[series.size()];
        for (int i = 0; i < series.size(); i++) {
            Map<String, Object> p = (Map<String, Object>) series.get(i);
            t[i] = ((Number) p.get("time_ns")).doubleValue() / 1e9;
            n[i] = ((Number) p.get("changes")).doubleValue();
        }
        XYChart chart = new XYChartBuilder().width(900).height(500).title("routing table changes (virtual time)")
                .xAxisTitle("virtual time (s)").yAxisTitle("tables changed at that instant").build();
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("table changes", t, n);
        if (routing.get("convergence") instanceof List<?> events && events.size() > 1) {   // the first entry is the start
            double top = java.util.Arrays.stream(n).max().orElse(1);
            double[] at = new double[events.size() - 1], y = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                at[i] = ((Number) ((Map<String, Object>) events.get(i + 1)).get("at_ns")).doubleValue() / 1e9;
                y[i] = top;
            }
            chart.addSeries("events", at, y).setMarker(SeriesMarkers.TRIANGLE_DOWN);
        }
        return save(chart, dir, "routing_changes");
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /** The smallest of 1, 2 or 5 × 10^k ms at least {@code ns}: bins that read well on the axis. */
    static long niceBin(long ns) {
        for (long decade = 1_000_000; ; decade *= 10) {
            for (long m : new long[] {1, 2, 5}) if (m * decade >= ns) return m * decade;
        }
    }

    private static String millis(long ns) { return ns % 1_000_000_000 == 0 ? ns / 1_000_000_000 + " s" : ns / 1_000_000 + " ms"; }

}
