package elvis.web.site;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiteTest {
    @Test
    void smoke() {
        Site site = new Site(SiteDistributions.yahoo(), 42, false, Site.DEFAULT_PAGES, Site.DEFAULT_PAGES);
        Page p = site.page("/");
        Message html = site.html("/");
        System.out.println(p.size() + " " + p.links().size() + " " + p.images().size() + " " + html.length());
        System.out.println(html.slice(0, 400).toUtf8());
        HtmlExtractor x = HtmlExtractor.of(html);
        assertThat(x.links()).isEqualTo(p.links());
        assertThat(x.images()).isEqualTo(p.images());
        assertThat(html.length()).isEqualTo(p.size());
    }
}
