package elvis.web.site;

import elvis.message.Message;
import elvis.sim.RandomStream;
import elvis.util.SourceError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** R-WEB-3: a page is a pure function of (seed, path), its HTML exactly its size, its tags parse back. */
class SiteTest {
    static final Site YAHOO = new Site(SiteDistributions.yahoo(), 42, false, Site.DEFAULT_PAGES, Site.DEFAULT_PAGES);

    @Test
    void theSameUrlGivesTheSameBytes() {
        Site again = new Site(SiteDistributions.yahoo(), 42, false, Site.DEFAULT_PAGES, Site.DEFAULT_PAGES);
        Site other = new Site(SiteDistributions.yahoo(), 43, false, Site.DEFAULT_PAGES, Site.DEFAULT_PAGES);
        int differs = 0;
        for (int id = 0; id < 50; id++) {
            String path = Site.pagePath(id);
            Message a = YAHOO.html(path), b = YAHOO.html(path), c = again.html(path);
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.contentEquals(c)).isTrue();
            assertThat(YAHOO.page(path)).isEqualTo(again.page(path));
            if (!a.contentEquals(other.html(path))) differs++;
            String img = Site.imagePath(id);
            assertThat(YAHOO.imageSize(img)).isEqualTo(again.imageSize(img));
            assertThat(YAHOO.image(img).length()).isEqualTo(YAHOO.imageSize(img));
        }
        assertThat(differs).as("another seed is another site").isEqualTo(50);
    }

    @Test
    void htmlIsExactlyTheSampledSizeAndParsesBackToTheSampledTags() {
        Random rnd = new Random(1);
        int trimmed = 0, pages = 2_000;
        for (int k = 0; k < pages; k++) {
            int id = k == 0 ? 0 : 1 + rnd.nextInt(YAHOO.pages() - 1);
            String path = Site.pagePath(id);
            Page p = YAHOO.page(path);
            Message html = YAHOO.html(path);
            assertThat(html.length()).isEqualTo(p.size());
            HtmlExtractor x = HtmlExtractor.of(html);
            assertThat(x.links()).isEqualTo(p.links());
            assertThat(x.images()).isEqualTo(p.images());
            if (p.trimmed()) {
                trimmed++;
            } else {
                assertThat(p.links()).hasSize(p.sampledLinks());
                assertThat(p.images()).hasSize(p.sampledImages());
            }
            String head = "<!DOCTYPE html>\n<html><head><title>" + path + "</title></head><body>\n", tail = "</body></html>\n";
            if (p.size() >= head.length() + tail.length()) {
                assertThat(html.slice(0, head.length()).toUtf8()).isEqualTo(head);
                assertThat(html.slice(p.size() - tail.length()).toUtf8()).isEqualTo(tail);
            }
            for (String link : p.links()) {
                assertThat(link).isNotEqualTo(path);
                assertThat(YAHOO.isPage(link)).as("links stay on the site").isTrue();
            }
            for (String img : p.images()) assertThat(YAHOO.imageSize(img)).isBetween(1_000, 351_000);
        }
        // Trimming needs more tags than bytes: only pages in the 0–50 KB bucket with many tags.
        assertThat(trimmed).isLessThan(pages / 100);
    }

    @Test
    void theRootHasALink() {
        for (long seed = 0; seed < 300; seed++) {
            Site s = new Site(SiteDistributions.yahoo(), seed, seed % 2 == 0, 1000, 1000);
            assertThat(s.page(s.rootPath()).links()).isNotEmpty();
        }
    }

    @Test
    void onlyTheSitesPathsExist() {
        Site s = new Site(SiteDistributions.yahoo(), 1, false, 1000, 50);
        assertThat(s.page("/")).isNotNull();
        assertThat(s.page("/page/999.html")).isNotNull();
        for (String bad : new String[] {"/page/0.html", "/page/1000.html", "/page/01.html", "/page/.html", "/page/1.htm",
                "/page/-1.html", "/page/99999999999.html", "", "/index.html", "/img/1.jpg", "//"}) {
            assertThat(s.page(bad)).as(bad).isNull();
            assertThat(s.isPage(bad)).as(bad).isFalse();
            assertThat(s.html(bad)).as(bad).isNull();
        }
        assertThat(s.imageSize("/img/49.jpg")).isPositive();
        for (String bad : new String[] {"/img/50.jpg", "/img/x.jpg", "/img/00.jpg", "/page/1.html", "/"}) {
            assertThat(s.imageSize(bad)).as(bad).isEqualTo(-1);
            assertThat(s.isImage(bad)).as(bad).isFalse();
            assertThat(s.image(bad)).as(bad).isNull();
        }
    }

    /** Page and image sizes over the site follow the distributions too (mean within 5 standard errors). */
    @Test
    void sizesOverTheSite() {
        int n = 20_000;
        double pageSum = 0, imageSum = 0;
        for (int id = 1; id <= n; id++) {
            pageSum += YAHOO.page(Site.pagePath(id)).size() / 1000.0;
            imageSum += YAHOO.imageSize(Site.imagePath(id)) / 1000.0;
        }
        SiteDistributions y = SiteDistributions.yahoo();
        assertThat(pageSum / n).isCloseTo(y.pageSizeKb().mean(), within(5 * SiteSamplerTest.sd(y.pageSizeKb(), false) / Math.sqrt(n)));
        assertThat(imageSum / n).isCloseTo(y.imageSizeKb().mean(), within(5 * SiteSamplerTest.sd(y.imageSizeKb(), false) / Math.sqrt(n)));
    }

    @Test
    void compatSizesAreLowerBounds() {
        Site s = new Site(SiteDistributions.yahoo(), 5, true, 1000, 1000);
        for (int id = 1; id < 200; id++) {
            Page p = s.page(Site.pagePath(id));
            assertThat(p.size() % 50_000).isZero();
            assertThat(p.sampledLinks() % 30).isZero();
            assertThat(p.sampledImages() % 8).isZero();
            assertThat(s.html(p.path()).length()).isEqualTo(p.size());
        }
    }

    /** A site of tiny pages: tags are dropped from the end so the size holds, tiny pages are spaces. */
    @Test
    void tagsThatDoNotFitAreDroppedFromTheEnd(@TempDir Path dir) throws IOException, SourceError {
        Files.writeString(dir.resolve("page_size.csv"), "buckets,weights\n0,1\n0.1,1\n0.2,1\n0.3,1\n0.4,1\n");
        Files.writeString(dir.resolve("num_links.csv"), "buckets,weights\n0,1\n5,1\n");
        Files.writeString(dir.resolve("num_images.csv"), "buckets,weights\n0,1\n5,1\n");
        Files.writeString(dir.resolve("image_size.csv"), "buckets,weights\n1,1\n2,1\n");
        Site s = new Site(SiteDistributions.load(dir), 3, false, 100, 100);
        int spaces = 0, trimmed = 0, whole = 0;
        for (int id = 0; id < 100; id++) {
            Page p = s.page(Site.pagePath(id));
            Message html = s.html(p.path());
            assertThat(html.length()).isEqualTo(p.size());
            HtmlExtractor x = HtmlExtractor.of(html);
            assertThat(x.links()).isEqualTo(p.links());
            assertThat(x.images()).isEqualTo(p.images());
            if (!p.images().isEmpty()) assertThat(p.links()).hasSize(p.sampledLinks());   // links go last
            if (html.toUtf8().isBlank()) spaces++;
            else if (p.trimmed()) trimmed++;
            else whole++;
            if (id == 0) assertThat(p.links()).isNotEmpty();
        }
        assertThat(spaces).isPositive();
        assertThat(trimmed).isPositive();
        assertThat(whole).isPositive();
    }

    @Test
    void extractionAcrossAnySegmentation() {
        Random rnd = new Random(2);
        for (int id = 0; id < 20; id++) {
            Page p = YAHOO.page(Site.pagePath(id));
            Message html = YAHOO.html(p.path());
            HtmlExtractor x = new HtmlExtractor();
            int at = 0;
            while (at < html.length()) {
                // One-byte reads through the tags, segment-sized ones after.
                int n = Math.min(html.length() - at, at < 8_000 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(1460));
                x.feed(html.slice(at, n));
                at += n;
            }
            assertThat(x.links()).isEqualTo(p.links());
            assertThat(x.images()).isEqualTo(p.images());
        }
    }

    @Test
    void seedsFromTheSimulationStreams() {
        long seed = RandomStream.forEntity(7, "server1").nextLong();
        assertThat(new Site(SiteDistributions.yahoo(), seed, false, 10, 10).page("/"))
                .isEqualTo(new Site(SiteDistributions.yahoo(), seed, false, 10, 10).page("/"));
    }
}
