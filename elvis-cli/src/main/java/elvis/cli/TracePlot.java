package elvis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import elvis.trace.TraceRecorder;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --trace-plot DIR}: one PNG per kind of source in a trace file ({@code cwnd.png},
 * {@code queue.png}, {@code drop.png}, …; the kind is a path's last part), each source a step line
 * over virtual time in seconds. Words (drop causes) are plotted as the count so far. At most
 * {@link #MAX_SERIES} sources per chart, the first to appear; the title says when there were more.
 */
final class TracePlot {
    static final int MAX_SERIES = 12;

    private TracePlot() { }

    /** A source's steps: (time, value) pairs in order. */
    private static final class Steps {
        final List<double[]> points = new ArrayList<>();
        long count;                                  // for words: how many so far
    }

    /** Writes the charts of {@code trace} into {@code dir} (created if missing); returns the files. */
    static List<Path> write(Path trace, TraceRecorder.Format format, Path dir) throws IOException {
        Map<String, Map<String, Steps>> byKind = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            if (format == TraceRecorder.Format.CSV) in.readLine();          // the header
            for (String line; (line = in.readLine()) != null; ) {
                double t;
                String source, word = null;
                double value = 0;
                if (format == TraceRecorder.Format.CSV) {
                    List<String> f = csv(line);
                    t = Long.parseLong(f.get(0)) / 1e9;
                    source = f.get(1);
                    try {
                        value = Long.parseLong(f.get(2));
                    } catch (NumberFormatException e) {
                        word = f.get(2);
                    }
                } else {
                    JsonNode o = json.readTree(line);
                    t = o.get("t_ns").asLong() / 1e9;
                    source = o.get("source").asText();
                    if (o.get("value").isNumber()) value = o.get("value").asLong();
                    else word = o.get("value").asText();
                }
                String kind = source.substring(source.lastIndexOf('/') + 1);
                Steps s = byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(source, k -> new Steps());
                if (word != null) value = ++s.count;
                else if (kind.equals("srtt") || kind.equals("rto")) value /= 1e6;
                if (!s.points.isEmpty()) s.points.add(new double[] {t, s.points.getLast()[1]});   // hold the last value until now
                s.points.add(new double[] {t, value});
            }
        }
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (var kind : byKind.entrySet()) {
            Map<String, Steps> sources = kind.getValue();
            String title = kind.getKey() + (sources.size() > MAX_SERIES ? " (the first " + MAX_SERIES + " of " + sources.size() + " sources)" : "");
            XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
                    .xAxisTitle("virtual time (s)").yAxisTitle(yLabel(kind.getKey())).build();
            int n = 0;
            for (var source : sources.entrySet()) {
                if (n++ == MAX_SERIES) break;
                List<double[]> p = source.getValue().points;
                double[] xs = new double[p.size()], ys = new double[p.size()];
                for (int i = 0; i < p.size(); i++) {
                    xs[i] = p.get(i)[0];
                    ys[i] = p.get(i)[1];
                }
                chart.addSeries(source.getKey(), xs, ys).setMarker(SeriesMarkers.NONE);
            }
            Path file = dir.resolve(kind.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(file);
        }
        return files;
    }

    private static String yLabel(String kind) {
        return switch (kind) {
            case "cwnd", "ssthresh", "queue_bytes" -> "bytes";
            case "srtt", "rto" -> "ms";
            case "queue" -> "frames waiting";
            case "drop" -> "drops so far";
            default -> "value";
        };
    }

    /** The fields of one RFC 4180 line (quoted fields with doubled quotes). */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>(3);
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') f.append(c);
                else if (i + 1 < line.length() && line.charAt(i + 1) == '"') f.append(line.charAt(++i));
                else quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
