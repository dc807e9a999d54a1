package elvis.web.site;

import elvis.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlExtractorTest {
    static final String PAGE = """
            <!DOCTYPE html><HTML><head><title>a < b</title>
            <script>document.write('<a href="/no-script">x</a>'); if (a</scripts) {}</script>
            <style>a { background: url(<img src="/no-style">) }</style >
            </head><body>
            <!-- <a href="/no-comment"> -- still a comment -->
            <A HREF="/one">1</a> <a title='x > y' href='/two?a=1&amp;b=2'>2</a>
            <a name=anchor>no href</a><a href=/three>3</a>
            <img alt="" src="/i1.jpg"/><IMG
              SRC = "/i2.png" ><img src=/i3.gif>
            <a href="">empty</a><a href="/first" href="/second">dup</a>
            </body></html>
            """;
    static final List<String> LINKS = List.of("/one", "/two?a=1&b=2", "/three", "", "/first");
    static final List<String> IMAGES = List.of("/i1.jpg", "/i2.png", "/i3.gif");

    @Test
    void findsLinksAndImagesAsBrowsersDo() {
        HtmlExtractor x = HtmlExtractor.of(Message.ofUtf8(PAGE));
        assertThat(x.links()).isEqualTo(LINKS);
        assertThat(x.images()).isEqualTo(IMAGES);
        assertThat(x.linkCount()).isEqualTo(5);
        assertThat(x.imageCount()).isEqualTo(3);
    }

    @Test
    void anySplitGivesTheSameResult() {
        byte[] b = PAGE.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= b.length; cut++) {
            HtmlExtractor x = new HtmlExtractor();
            x.feed(b, 0, cut);
            x.feed(b, cut, b.length - cut);
            assertThat(x.links()).as("cut at " + cut).isEqualTo(LINKS);
            assertThat(x.images()).as("cut at " + cut).isEqualTo(IMAGES);
        }
        HtmlExtractor x = new HtmlExtractor();
        for (byte c : b) x.feed(new byte[] {c}, 0, 1);
        assertThat(x.links()).isEqualTo(LINKS);
        x.reset();
        assertThat(x.links()).isEmpty();
        assertThat(x.linkCount()).isZero();
    }

    @Test
    void zeroFilledSlicesInsideACommentAreSkipped() {
        Message m = Message.concat(new Message[] {Message.ofUtf8("<a href=/a><!--"), Message.zeros(100_000),
                Message.ofUtf8("--><img src=/b>"), Message.zeros(10), Message.ofUtf8("<a href=/c>")}, 5);
        HtmlExtractor x = HtmlExtractor.of(m);
        assertThat(x.links()).containsExactly("/a", "/c");
        assertThat(x.images()).containsExactly("/b");
    }

    @Test
    void boundedWhateverItIsFed() {
        StringBuilder sb = new StringBuilder("<a href=\"");
        sb.append("x".repeat(HtmlExtractor.MAX_TAG));
        sb.append("\"><a href=/after>");
        HtmlExtractor x = HtmlExtractor.of(Message.ofUtf8(sb.toString()));
        assertThat(x.links()).containsExactly("/after");
        HtmlExtractor many = HtmlExtractor.of(Message.ofUtf8("<img src=x>".repeat(HtmlExtractor.MAX_KEPT + 5)));
        assertThat(many.images()).hasSize(HtmlExtractor.MAX_KEPT);
        assertThat(many.imageCount()).isEqualTo(HtmlExtractor.MAX_KEPT + 5);
    }

    /** Random and mutated bytes: never an exception, never more kept than the bounds. */
    @Test
    @Timeout(300)
    void fuzzed() {
        int inputs = Integer.getInteger("fuzz.html", 20_000);
        Random rnd = new Random(21);
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        String special = "<>!-\"'=/ aAhHrReEfFiImMgGsScCtTpPyYlL\0\u00ff";
        for (int i = 0; i < inputs; i++) {
            byte[] b = page.clone();
            for (int k = rnd.nextInt(8); k >= 0; k--) b[rnd.nextInt(b.length)] = (byte) special.charAt(rnd.nextInt(special.length()));
            HtmlExtractor x = new HtmlExtractor();
            int at = 0;
            while (at < b.length) {
                int n = Math.min(b.length - at, 1 + rnd.nextInt(64));
                x.feed(b, at, n);
                at += n;
            }
            assertThat(x.links().size()).isLessThanOrEqualTo(x.linkCount());
        }
    }
}
