package elvis.web.site;

import elvis.dist.Histogram;
import elvis.util.SourceError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four bucket histograms a site is generated from: {@code page_size.csv} and {@code image_size.csv}
 * in kilobytes of 1,000 bytes, {@code num_links.csv} and {@code num_images.csv} as counts (each a
 * {@code buckets,weights} CSV, see {@link Histogram}). {@link #yahoo()} is the set measured on
 * yahoo.com by the original Elvis authors (shipped as resources with their notice);
 * {@link #load(Path)} reads any directory holding the four files.
 */
public record SiteDistributions(String name, Histogram pageSizeKb, Histogram numLinks, Histogram numImages,
                                Histogram imageSizeKb) {

    public static final String YAHOO = "yahoo";
    /** Largest page or image a site may describe, in KB: a message is at most 2 GB. */
    public static final double MAX_KB = 1_000_000;
    /** Most links or images a page may have ({@link HtmlExtractor#MAX_KEPT}). */
    public static final double MAX_COUNT = HtmlExtractor.MAX_KEPT;
    static final String[] FILES = {"page_size.csv", "num_links.csv", "num_images.csv", "image_size.csv"};

    private static volatile SiteDistributions yahoo;

    /** The Yahoo set, read once from the classpath and shared. */
    public static SiteDistributions yahoo() {
        SiteDistributions y = yahoo;
        if (y == null) {
            Histogram[] h = new Histogram[4];
            for (int i = 0; i < 4; i++) {
                String resource = "elvis/web/yahoo/" + FILES[i];
                try (InputStream in = SiteDistributions.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) throw new IllegalStateException("missing resource " + resource);
                    h[i] = Histogram.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException | SourceError e) {
                    throw new IllegalStateException("the shipped Yahoo distributions are unreadable: " + e.getMessage(), e);
                }
            }
            yahoo = y = new SiteDistributions(YAHOO, h[0], h[1], h[2], h[3]);
        }
        return y;
    }

    /**
     * The four files of {@code dir}. A malformed file is a {@link SourceError} located in it; a missing
     * or unreadable one an {@link IOException} naming it.
     */
    public static SiteDistributions load(Path dir) throws IOException, SourceError {
        Histogram[] h = new Histogram[4];
        for (int i = 0; i < 4; i++) {
            Path file = dir.resolve(FILES[i]);
            if (!Files.isRegularFile(file)) throw new IOException("missing " + file + " (a site directory holds " + String.join(", ", FILES) + ")");
            h[i] = Histogram.load(file, file.toString());
            boolean kilobytes = i == 0 || i == 3;
            checkRange(h[i], file.toString(), kilobytes ? MAX_KB : MAX_COUNT, kilobytes ? " KB" : "");
        }
        return new SiteDistributions(dir.toString(), h[0], h[1], h[2], h[3]);
    }

    /** Values must lie in [0, max]: a bucket of non-zero count outside is an error at its row. */
    private static void checkRange(Histogram h, String file, double max, String unit) throws SourceError {
        for (int i = 0; i < h.buckets(); i++) {
            boolean outside = h.lowerBound(i) < 0 || h.lowerBound(i + 1) > max;
            if (outside && h.weight(i) > 0) {
                throw new SourceError(file, h.line(i), 1, "bucket [" + number(h.lowerBound(i)) + ", " + number(h.lowerBound(i + 1))
                        + ") lies outside 0 .. " + number(max) + unit);
            }
        }
    }

    private static String number(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v); }

    /** {@code "yahoo"} for the shipped set, else a directory relative to {@code baseDir} (the NDL file's). */
    public static SiteDistributions named(String site, Path baseDir) throws IOException, SourceError {
        if (site.equals(YAHOO)) return yahoo();
        return load(baseDir == null ? Path.of(site) : baseDir.resolve(site));
    }
}
