package elvis.web.site;

import elvis.dist.Histogram;
import elvis.util.SourceError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The shipped Yahoo set reproduces REQUIREMENTS §4.2's table; other directories load the same way. */
class SiteDistributionsTest {

    static double modeShare(Histogram h) {
        double max = 0;
        for (int i = 0; i < h.buckets(); i++) max = Math.max(max, h.weight(i));
        return max / h.totalWeight();
    }

    @Test
    void yahooMatchesTheTable() {
        SiteDistributions y = SiteDistributions.yahoo();
        Object[][] rows = {
                // histogram, buckets, total, low, width, mean of lower bounds, of middles, mode share (as printed in §4.2)
                {y.pageSizeKb(), 50, 199_996.0, 0.0, 50.0, 602.8, 627.8, 0.540},
                {y.numLinks(), 50, 199_997.0, 0.0, 30.0, 78.9, 93.9, 0.711},
                {y.numImages(), 50, 199_998.0, 0.0, 8.0, 18.3, 22.3, 0.755},
                {y.imageSizeKb(), 50, 3_630_781.0, 1.0, 6.98, 5.55, 9.04, 0.730}};
        for (Object[] r : rows) {
            Histogram h = (Histogram) r[0];
            assertThat(h.buckets()).isEqualTo(r[1]);
            assertThat(h.totalWeight()).isEqualTo(r[2]);
            assertThat(h.lowerBound(0)).isEqualTo(r[3]);
            assertThat(h.width()).isCloseTo((double) r[4], within(1e-12));
            double digits = (double) r[5] < 10 ? 0.005 : 0.05;     // the table's rounding
            assertThat(h.lowerBoundMean()).isCloseTo((double) r[5], within(digits));
            assertThat(h.mean()).isCloseTo((double) r[6], within(digits));
            assertThat(modeShare(h)).isCloseTo((double) r[7], within(0.0005));
        }
        assertThat(y.pageSizeKb().lowerBound(11)).isEqualTo(550.0);
        assertThat(y.pageSizeKb().weight(11) / y.pageSizeKb().totalWeight()).isCloseTo(0.540, within(0.0005));
        assertThat(SiteDistributions.yahoo()).isSameAs(y);
    }

    static Path copyOfYahoo(Path dir) throws IOException {
        for (String f : SiteDistributions.FILES) {
            try (InputStream in = SiteDistributions.class.getClassLoader().getResourceAsStream("elvis/web/yahoo/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        return dir;
    }

    @Test
    void anyDirectoryOfTheFourFiles(@TempDir Path dir) throws IOException, SourceError {
        copyOfYahoo(dir.resolve("mysite").toFile().mkdir() ? dir.resolve("mysite") : dir);
        SiteDistributions d = SiteDistributions.named("mysite", dir);
        assertThat(d.pageSizeKb().mean()).isEqualTo(SiteDistributions.yahoo().pageSizeKb().mean());
        assertThat(d.name()).isEqualTo(dir.resolve("mysite").toString());
        assertThat(SiteDistributions.named("yahoo", dir)).isSameAs(SiteDistributions.yahoo());
    }

    @Test
    void aMalformedFileIsALocatedError(@TempDir Path dir) throws IOException, SourceError {
        copyOfYahoo(dir);
        Path links = dir.resolve("num_links.csv");
        Files.writeString(links, Files.readString(links).replace("60.0,2370", "60.0,23x70"));
        assertThatThrownBy(() -> SiteDistributions.load(dir)).isInstanceOf(SourceError.class)
                .hasMessage(links + ":4:6: invalid bucket count '23x70': expected a number");
        Files.writeString(links, "buckets,weights\n0,1\n60000,0\n120000,1\n");
        assertThatThrownBy(() -> SiteDistributions.load(dir)).isInstanceOf(SourceError.class)
                .hasMessage(links + ":4:1: bucket [120000, 180000) lies outside 0 .. 100000");
        Path pages = dir.resolve("page_size.csv");
        Files.writeString(pages, "buckets,weights\n-50,1\n0,1\n");
        assertThatThrownBy(() -> SiteDistributions.load(dir)).isInstanceOf(SourceError.class)
                .hasMessage(pages + ":2:1: bucket [-50, 0) lies outside 0 .. 1000000 KB");
        Files.writeString(pages, "buckets,weights\n-50,0\n0,1\n");
        Files.writeString(links, "buckets,weights\n0,1\n30,1\n");
        SiteDistributions.load(dir);    // an empty bucket may lie outside
        Files.delete(dir.resolve("image_size.csv"));
        assertThatThrownBy(() -> SiteDistributions.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing " + dir.resolve("image_size.csv"));
    }
}
