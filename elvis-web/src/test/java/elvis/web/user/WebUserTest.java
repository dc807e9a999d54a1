package elvis.web.user;

import elvis.Simulation;
import elvis.dist.Distribution;
import elvis.dist.Distributions;
import elvis.dist.Quantity;
import elvis.link.LinkConfig;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.web.http.HttpCounters;
import elvis.web.http.HttpResponse;
import elvis.web.http.HttpServer;
import elvis.web.site.Site;
import elvis.web.site.SiteDistributions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** web_user against a Yahoo-like site served over one link of known rate and delay. */
class WebUserTest {
    static final long MS = 1_000_000, S = 1_000_000_000;
    static final long RATE = 10_000_000, DELAY = 5 * MS;           // 10 Mbit/s, 5 ms each way
    static final int SERVER = Ipv4Address.parse("10.0.0.2");

    /** Serves a site's pages and images, 404 otherwise: the least a test needs, on the HTTP substrate. */
    static final class SiteServer implements Application {
        final Site site = new Site(SiteDistributions.yahoo(), 7, false, 1000, 1000);
        final HttpCounters counters = new HttpCounters();

        @Override public String name() { return "test_site"; }
        @Override public String summary() { return counters.toString(); }

        @Override
        public void start(Machine m) {
            HttpServer.listen(m, 80, this, HttpServer.Options.DEFAULT, counters, (request, exchange) -> {
                String path = request.path();
                if (site.page(path) != null) exchange.respond(HttpResponse.ok("text/html", site.html(path)));
                else if (site.imageSize(path) >= 0) exchange.respond(HttpResponse.ok("image/jpeg", site.image(path)));
                else exchange.respond(HttpResponse.notFound());
            });
        }
    }

    record Run(Simulation sim, WebUser user, SiteServer server) { }

    static Distribution seconds(String text) {
        try {
            return Distributions.parse(text, Quantity.TIME, null);
        } catch (elvis.util.SourceError e) {
            throw new AssertionError(e);
        }
    }

    static Run run(long seed, WebUser.Config config, boolean withServer) {
        Simulation sim = new Simulation(seed);
        var wire = sim.network("wire", LinkConfig.UNLIMITED.withBandwidth(RATE).withDelay(DELAY));
        Machine user = sim.machine("user"), server = sim.machine("server");
        sim.connect(user, wire, "10.0.0.1/24");
        sim.connect(server, wire, "10.0.0.2/24");
        SiteServer site = new SiteServer();
        if (withServer) server.addApplication(site);
        WebUser u = new WebUser(config);
        user.addApplication(u);
        sim.runUntil(3600 * S);
        sim.shutdown();
        return new Run(sim, u, site);
    }

    static WebUser.Config config(int pages, Dwell dwell, int parallel) {
        return new WebUser.Config(SERVER, 80, pages, pages, dwell, seconds("0"), 1, parallel, 0, seconds("0"), 0);
    }

    @Test
    void aUserBrowsesItsBudgetAndWaitsEachDwellTime() {
        Run r = run(1, config(8, Dwell.DEFAULT, 1), true);
        BrowsingRecord b = r.user().record();
        assertThat(r.user().errors()).isEmpty();
        assertThat(b.pages()).isEqualTo(8);
        assertThat(b.dwells()).isEqualTo(8);
        assertThat(b.images()).isPositive();
        assertThat(r.user().goalMet()).isTrue();
        for (int i = 1; i < b.pages(); i++) {
            // the next page's first request leaves only once this one loaded and was read
            assertThat(b.requestedNs(i)).isGreaterThanOrEqualTo(b.requestedNs(i - 1) + b.loadNs(i - 1) + b.dwellNs(i - 1));
            assertThat(b.dwellNs(i - 1)).isPositive();
        }
        // one connection for the session: the server saw one, with a request per page and per image
        assertThat(r.server().counters.connections).isEqualTo(1);
        assertThat(r.server().counters.requests).isEqualTo(b.pages() + b.images());
        assertThat(r.user().finishedAtNs()).isGreaterThanOrEqualTo(b.requestedNs(7) + b.loadNs(7) + b.dwellNs(7));
    }

    @Test
    void pageLoadTimeIsAtLeastBytesOverTheRateAndARoundTripPerObject() {
        Run r = run(2, config(10, Dwell.Original.INSTANCE, 1), true);
        BrowsingRecord b = r.user().record();
        assertThat(b.pages()).isEqualTo(10);
        long rtt = 2 * DELAY;
        for (int i = 0; i < b.pages(); i++) {
            long objects = 1 + b.imagesFetched(i);                 // one request at a time on one connection
            long handshakes = i == 0 ? 1 : 0;                       // the session's connection opens for its first page
            long bound = b.bytes(i) * 8 * S / RATE + (objects + handshakes) * rtt;
            assertThat(b.loadNs(i)).as("page %d: %d bytes, %d objects", i, b.bytes(i), objects).isGreaterThanOrEqualTo(bound);
            assertThat(b.dwellNs(i) % S).isZero();                  // the original's whole seconds
        }
        assertThat(b.totalBytes()).isGreaterThan(10 * 100_000L);   // pages of hundreds of KB, as the Yahoo buckets say
    }

    @Test
    void sixParallelConnectionsLoadTheSamePagesFaster() {
        Run one = run(3, config(6, Dwell.Original.INSTANCE, 1), true), six = run(3, config(6, Dwell.Original.INSTANCE, 6), true);
        BrowsingRecord a = one.user().record(), b = six.user().record();
        assertThat(b.pages()).isEqualTo(a.pages());
        long sumA = 0, sumB = 0;
        for (int i = 0; i < a.pages(); i++) {
            assertThat(b.bytes(i)).as("the same pages, drawn from the same stream").isEqualTo(a.bytes(i));
            assertThat(b.imagesFetched(i)).isEqualTo(a.imagesFetched(i));
            sumA += a.loadNs(i);
            sumB += b.loadNs(i);
        }
        assertThat(sumB).isLessThan(sumA);
        assertThat(six.server().counters.connections).isBetween(2L, 6L);
        assertThat(six.user().errors()).isEmpty();
    }

    @Test
    void twoRunsWithTheSameSeedAreIdenticalAndAnotherSeedDiffers() {
        Run a = run(4, config(5, Dwell.DEFAULT, 3), true), b = run(4, config(5, Dwell.DEFAULT, 3), true), c = run(5, config(5, Dwell.DEFAULT, 3), true);
        assertThat(b.user().results()).isEqualTo(a.user().results());
        assertThat(b.user().record().loadTimes()).isEqualTo(a.user().record().loadTimes());
        assertThat(b.user().record().dwellTimes()).isEqualTo(a.user().record().dwellTimes());
        assertThat(c.user().record().dwellTimes()).isNotEqualTo(a.user().record().dwellTimes());
    }

    @Test
    void noServerIsACountedErrorNotAFailure() {
        Run r = run(6, config(3, Dwell.DEFAULT, 1), false);
        assertThat(r.user().errors().keySet()).containsAnyOf("econnrefused", "etimedout");   // a RST, or SYNs unanswered
        assertThat(r.user().record().pages()).isZero();
        assertThat(r.user().goalMet()).isFalse();
        assertThat(r.sim().machines().get(0).failures()).isEmpty();
    }

    @Test
    void sessionsAreSeparatedByThinkTimeAndADurationEndsBrowsing() {
        WebUser.Config c = new WebUser.Config(SERVER, 80, 2, 2, Dwell.Original.INSTANCE, seconds("100s"), 3, 1, 0, seconds("0"), 0);
        BrowsingRecord b = run(7, c, true).user().record();
        assertThat(b.sessions()).isEqualTo(3);
        assertThat(b.pages()).isEqualTo(6);
        assertThat(b.requestedNs(2) - b.requestedNs(1)).isGreaterThanOrEqualTo(100 * S);

        WebUser.Config limited = new WebUser.Config(SERVER, 80, 1000, 1000, Dwell.Original.INSTANCE, seconds("0"), 1, 1, 0, seconds("0"), 60 * S);
        Run r = run(8, limited, true);
        assertThat(r.user().record().pages()).isBetween(2, 60);
        assertThat(r.user().finishedAtNs()).isBetween(60 * S, 60 * S + 10 * S);   // at most the page in flight after the end
        assertThat(r.user().goalMet()).as(r.user().summary()).isTrue();
        assertThat(r.sim().machines().get(0).failures()).isEmpty();
    }

    @Test
    void aUserWhoAlwaysLeavesReadsOnePageASession() {
        WebUser.Config c = new WebUser.Config(SERVER, 80, 50, 50, Dwell.Original.INSTANCE, seconds("10s"), 4, 1, 1.0, seconds("0"), 0);
        Run r = run(9, c, true);
        assertThat(r.user().record().sessions()).isEqualTo(4);
        assertThat(r.user().record().pages()).isEqualTo(4);
        assertThat(r.server().counters.connections).isEqualTo(4);      // a connection per session
    }

    @Test
    void linksAndImagesBecomePathsOnTheServer() {
        assertThat(WebUser.path("/page/3.html")).isEqualTo("/page/3.html");
        assertThat(WebUser.path("http://10.0.0.2:80/img/1.jpg")).isEqualTo("/img/1.jpg");
        assertThat(WebUser.path("HTTP://host")).isEqualTo("/");
        assertThat(WebUser.path("page/3.html")).isEqualTo("/page/3.html");
        assertThat(WebUser.path("mailto:x@y")).isNull();
        assertThat(WebUser.path("ftp://x/y")).isNull();
        assertThat(WebUser.path("#top")).isNull();
        assertThat(WebUser.path("")).isNull();
    }
}
