package elvis.web.server;

import elvis.app.ApplicationFactory;
import elvis.message.Message;
import elvis.web.site.HtmlExtractor;
import elvis.web.site.Page;
import elvis.web.site.Site;
import elvis.web.site.SiteDistributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static elvis.web.server.HttpServerAppTest.MS;
import static elvis.web.server.HttpServerAppTest.client;
import static elvis.web.server.HttpServerAppTest.get;
import static elvis.web.server.HttpServerAppTest.last;
import static elvis.web.server.HttpServerAppTest.lan;
import static org.assertj.core.api.Assertions.assertThat;

class WebServerAppTest {
    @TempDir Path tmp;

    @Test
    void pagesAndImagesAreTheSiteModelsBytesAndTheSameUrlGivesTheSameBytes() {
        HttpServerAppTest.Lan lan = lan(2, 11);
        WebServerApp server = new WebServerApp(80, true, SiteDistributions.yahoo(), null, false, 1000, 1000);
        lan.server().addApplication(server);
        RawClient a = client(lan.clients().get(0), get("/") + get("/page/7.html") + get("/img/3.jpg") + get("/page/1000.html")
                + last("GET", "/img/1000.jpg"), 0);
        RawClient b = client(lan.clients().get(1), last("GET", "/"), 50 * MS);
        lan.sim().run();

        Site site = server.site();
        List<RawClient.Response> rs = a.responses();
        assertThat(rs).extracting(RawClient.Response::status).containsExactly(200, 200, 200, 404, 404);
        for (int i = 0; i < 2; i++) {
            String path = i == 0 ? "/" : "/page/7.html";
            Page page = site.page(path);
            RawClient.Response r = rs.get(i);
            assertThat(r.header("Content-Type")).isEqualTo("text/html");
            assertThat(r.body()).hasSize(page.size()).isEqualTo(site.html(path).toByteArray());
            assertThat(Integer.parseInt(r.header("Content-Length"))).isEqualTo(r.body().length);
            HtmlExtractor html = HtmlExtractor.of(Message.wrap(r.body()));
            assertThat(html.links()).isEqualTo(page.links());
            assertThat(html.images()).isEqualTo(page.images());
        }
        assertThat(rs.get(0).body().length).isGreaterThan(1000);          // kilobytes of 1,000 bytes, not bytes
        assertThat(site.page("/").links()).isNotEmpty();
        assertThat(rs.get(2).header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(rs.get(2).body()).hasSize(site.imageSize("/img/3.jpg"));
        assertThat(b.responses().getFirst().body()).isEqualTo(rs.get(0).body());

        assertThat(server.results()).containsEntry("pages_served", 3L).containsEntry("images_served", 1L)
                .containsEntry("seed", site.seed()).containsEntry("site", "yahoo");
        assertThat(server.counters().responses(200)).isEqualTo(4);
        assertThat(server.counters().responses(404)).isEqualTo(2);
    }

    @Test
    void theSiteSeedComesFromTheSimulationUnlessGiven() {
        long[] seeds = new long[4];
        for (int run = 0; run < 4; run++) {
            HttpServerAppTest.Lan lan = lan(0, run < 2 ? 1 : 2);
            WebServerApp s = new WebServerApp(80, true, SiteDistributions.yahoo(), run == 3 ? 99L : null, false, 10, 10);
            lan.server().addApplication(s);
            lan.sim().run();
            seeds[run] = s.site().seed();
        }
        assertThat(seeds[0]).isEqualTo(seeds[1]).isNotEqualTo(seeds[2]);
        assertThat(seeds[3]).isEqualTo(99);
    }

    @Test
    void compatModeServesBucketLowerBounds() {
        HttpServerAppTest.Lan lan = lan(1, 1);
        WebServerApp server = new WebServerApp(80, true, SiteDistributions.yahoo(), 5L, true, 100, 100);
        lan.server().addApplication(server);
        StringBuilder requests = new StringBuilder();
        for (int i = 1; i < 20; i++) requests.append(get("/page/" + i + ".html"));
        RawClient c = client(lan.clients().get(0), requests + last("GET", "/page/20.html"), 0);
        lan.sim().run();
        List<RawClient.Response> rs = c.responses();
        assertThat(rs).hasSize(20);
        // page_size buckets are 50 KB wide from 0: a lower bound is a multiple of 50,000 bytes (the root
        // alone may be raised to hold its one link, so it is not asked for here).
        for (RawClient.Response r : rs) assertThat(r.body().length % 50_000).as("page of %d bytes", r.body().length).isZero();
        assertThat(rs).anySatisfy(r -> assertThat(r.body().length).isGreaterThanOrEqualTo(550_000));     // the 54% bucket
        assertThat(server.summary()).startsWith("site yahoo (compat): 20 pages, 0 images; 20 requests");
    }

    @Test
    void argumentsAreCheckedNamingTheArgumentAtFault() throws IOException {
        ApplicationFactory f = new WebServerApp.Factory();
        ApplicationFactory.Context ctx = ApplicationFactory.Context.of(name -> -1, tmp);
        assertThat(FactoryErrors.key(f, ctx, "site", "nowhere")).isEqualTo("site");
        assertThat(FactoryErrors.message(f, ctx, "site", "nowhere")).contains("nowhere");
        Path half = Files.createDirectories(tmp.resolve("half"));
        Files.writeString(half.resolve("page_size.csv"), "buckets,weights\n0,1\n50,1\n");
        assertThat(FactoryErrors.message(f, ctx, "site", "half")).contains("num_links.csv");
        assertThat(FactoryErrors.key(f, ctx, "pages", "0")).isEqualTo("pages");
        assertThat(FactoryErrors.key(f, ctx, "images", "-1")).isEqualTo("images");
        assertThat(FactoryErrors.key(f, ctx, "compat", "sometimes")).isEqualTo("compat");
        assertThat(FactoryErrors.key(f, ctx, "seed", "x")).isEqualTo("seed");
        assertThat(FactoryErrors.key(f, ctx, "port", "65536")).isEqualTo("port");
        assertThat(f.create(elvis.config.Arguments.of(), ctx).name()).isEqualTo("web_server");
        assertThat(((WebServerApp) f.create(elvis.config.Arguments.of("pages", "5", "seed", "1"), ctx)).results())
                .containsEntry("pages", 5).containsEntry("seed", 1L).containsEntry("compat", false);
    }

    @Test
    void aDirectoryOfTheFourFilesIsASite() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tiny"));
        // One bucket each: pages 10–11 KB, 2–3 links, 1–2 images, images 2–3 KB.
        Files.writeString(dir.resolve("page_size.csv"), "buckets,weights\n10.0,1\n11.0,0\n");
        Files.writeString(dir.resolve("num_links.csv"), "buckets,weights\n2.0,1\n3.0,0\n");
        Files.writeString(dir.resolve("num_images.csv"), "buckets,weights\n1.0,1\n2.0,0\n");
        Files.writeString(dir.resolve("image_size.csv"), "buckets,weights\n2.0,1\n3.0,0\n");
        WebServerApp s = (WebServerApp) new WebServerApp.Factory().create(elvis.config.Arguments.of("site", "tiny", "seed", "4"),
                ApplicationFactory.Context.of(name -> -1, tmp));
        HttpServerAppTest.Lan lan = lan(1, 1);
        lan.server().addApplication(s);
        RawClient c = client(lan.clients().get(0), last("GET", "/"), 0);
        lan.sim().run();
        RawClient.Response r = c.responses().getFirst();
        assertThat(r.body().length).isBetween(10_000, 10_999);
        HtmlExtractor html = HtmlExtractor.of(Message.wrap(r.body()));
        assertThat(html.linkCount()).isEqualTo(2);
        assertThat(html.imageCount()).isEqualTo(1);
        assertThat((Map<String, Object>) s.results()).containsEntry("site", dir.toString());
    }
}
