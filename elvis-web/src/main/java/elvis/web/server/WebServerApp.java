package elvis.web.server;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.util.SourceError;
import elvis.web.http.HttpResponse;
import elvis.web.site.Page;
import elvis.web.site.Site;
import elvis.web.site.SiteDistributions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code web_server} (R-WEB-1 … R-WEB-5): serves a {@link Site} generated from a distribution
 * directory (the Yahoo one by default): the root {@code /}, pages {@code /page/N.html} and images
 * {@code /img/N.jpg}, each a pure function of (site seed, path), so the same URL always gives the
 * same bytes. Nothing is stored per page: a page is rebuilt from its path when asked for.
 */
public final class WebServerApp extends ServerApplication {
    private final SiteDistributions distributions;
    private final Long givenSeed;
    private final boolean compat;
    private final int pages, images;
    private Site site;
    private long pagesServed, imagesServed, trimmedServed;

    /**
     * @param seed the site seed, or null to draw it from the machine's own stream of the simulation's seed
     */
    public WebServerApp(int port, boolean keepAlive, SiteDistributions distributions, Long seed, boolean compat, int pages, int images) {
        super(port, keepAlive);
        this.distributions = Objects.requireNonNull(distributions);
        if (pages < 1 || images < 1) throw new IllegalArgumentException("a site needs at least one page and one image");
        this.givenSeed = seed;
        this.compat = compat;
        this.pages = pages;
        this.images = images;
    }

    @Override
    public String name() { return "web_server"; }

    @Override
    void prepare(Machine machine) {
        long seed = givenSeed != null ? givenSeed : machine.sim().random(machine.name() + "/web_server").nextLong();
        site = new Site(distributions, seed, compat, pages, images);
    }

    @Override
    HttpResponse find(String path) {
        Page page = site.page(path);
        if (page != null) {
            pagesServed++;
            if (page.trimmed()) trimmedServed++;
            return HttpResponse.ok("text/html", Site.html(page));
        }
        var image = site.image(path);
        if (image == null) return null;
        imagesServed++;
        return HttpResponse.ok("image/jpeg", image);
    }

    /** The site served; null before start. */
    public Site site() { return site; }

    @Override
    Map<String, Object> describe() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("site", distributions.name());
        r.put("seed", site == null ? givenSeed : (Long) site.seed());
        r.put("compat", compat);
        r.put("pages", pages);
        r.put("images", images);
        r.put("pages_served", pagesServed);
        r.put("images_served", imagesServed);
        r.put("trimmed_pages_served", trimmedServed);
        return r;
    }

    @Override
    public String summary() {
        return "site " + distributions.name() + (compat ? " (compat)" : "") + ": " + pagesServed + " pages, " + imagesServed + " images; " + super.summary();
    }

    /** {@code web_server}: site, port, pages, images, compat, seed, keepalive. */
    public static final class Factory implements ApplicationFactory {
        @Override
        public Schema schema() {
            return new Schema("web_server", List.of(
                    Attribute.string("site").byDefault(SiteDistributions.YAHOO).doc("the distributions the site is generated from: `yahoo` "
                            + "(shipped: page size, links, images and image size scraped from yahoo.com) or a directory, relative to the NDL file, "
                            + "holding the four files `page_size.csv`, `num_links.csv`, `num_images.csv`, `image_size.csv`"),
                    Attribute.port("port").byDefault(80).doc("the port to listen on"),
                    Attribute.ipv4("ip").doc("pins the machine's address on the network that holds it (claims it, as `tcp_sink`'s `ip`); "
                            + "the server answers on all its addresses either way"),
                    Attribute.wholeNumber("pages", 1, Integer.MAX_VALUE).byDefault((long) Site.DEFAULT_PAGES)
                            .doc("pages in the site: `/` and `/page/1.html` … `/page/(pages−1).html`"),
                    Attribute.wholeNumber("images", 1, Integer.MAX_VALUE).byDefault((long) Site.DEFAULT_PAGES)
                            .doc("distinct images: `/img/0.jpg` … `/img/(images−1).jpg`"),
                    Attribute.bool("compat").byDefault(false).doc("sample bucket lower bounds as the original Elvis did "
                            + "(mean page 602.8 KB instead of 627.8 KB), for side-by-side comparisons"),
                    Attribute.wholeNumber("seed", 0, Long.MAX_VALUE).doc("the site seed: servers with the same seed and site serve the same bytes; "
                            + "by default each server draws its own from the simulation's seed"),
                    Attribute.bool("keepalive").byDefault(true).doc("keep connections open between requests; `false` closes each after one response")));
        }

        /** Distribution directories already read, by absolute path: a group of servers shares one. */
        private final Map<Path, SiteDistributions> loaded = new HashMap<>();

        @Override
        public Application create(Arguments a, Context context) {
            int port = a.has("port") ? a.port("port") : 80;
            if (a.has("ip")) a.ipv4("ip");
            String name = a.string("site", SiteDistributions.YAHOO);
            SiteDistributions d;
            if (name.equals(SiteDistributions.YAHOO)) {
                d = SiteDistributions.yahoo();
            } else {
                Path dir = context.file(name).toAbsolutePath().normalize();
                d = loaded.get(dir);
                if (d == null) {
                    try {
                        d = SiteDistributions.load(dir);
                    } catch (IOException | SourceError | RuntimeException e) {
                        throw new Arguments.ArgumentException("site", "cannot read site distributions " + name + ": " + e.getMessage());
                    }
                    loaded.put(dir, d);
                }
            }
            int pages = (int) a.integer("pages", 1, Integer.MAX_VALUE, Site.DEFAULT_PAGES);
            int images = (int) a.integer("images", 1, Integer.MAX_VALUE, Site.DEFAULT_PAGES);
            Long seed = a.has("seed") ? a.integer("seed", 0, Long.MAX_VALUE) : null;
            return new WebServerApp(port, a.bool("keepalive", true), d, seed, a.bool("compat", false), pages, images);
        }
    }
}
