package elvis.web.server;

import org.junit.jupiter.api.Test;

import static elvis.web.server.RequestPath.Refusal.MALFORMED;
import static elvis.web.server.RequestPath.Refusal.TRAVERSAL;
import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTest {
    private static String path(String target) {
        RequestPath.Result r = RequestPath.of(target);
        assertThat(r.refusal()).as(target).isNull();
        return r.path();
    }

    private static RequestPath.Refusal refusal(String target) {
        RequestPath.Result r = RequestPath.of(target);
        assertThat(r.path()).as(target).isNull();
        return r.refusal();
    }

    @Test
    void plainPathsPassUnchangedWithoutTheirQuery() {
        assertThat(path("/")).isEqualTo("/");
        assertThat(path("/17.htm")).isEqualTo("/17.htm");
        assertThat(path("/a/b.html?x=1&y=/../..")).isEqualTo("/a/b.html");
        assertThat(path("/a/#frag")).isEqualTo("/a/");
    }

    @Test
    void absoluteFormTargetsNameTheirPath() {
        assertThat(path("http://10.0.0.1:80/img/3.jpg")).isEqualTo("/img/3.jpg");
        assertThat(path("HTTP://example.com")).isEqualTo("/");
        assertThat(path("http://100.42.0.0:80//page/1.html")).isEqualTo("/page/1.html");
    }

    @Test
    void escapesAreDecodedAndDotSegmentsResolved() {
        assertThat(path("/a%20b.html")).isEqualTo("/a b.html");
        assertThat(path("/caf%C3%A9.html")).isEqualTo("/café.html");
        assertThat(path("/a/./b//c")).isEqualTo("/a/b/c");
        assertThat(path("/a/b/../c")).isEqualTo("/a/c");
        assertThat(path("/a/..")).isEqualTo("/");
        assertThat(path("/a/b/.")).isEqualTo("/a/b/");
        assertThat(path("/.hidden")).isEqualTo("/.hidden");
    }

    @Test
    void climbingAboveTheRootIsRefusedEncodedOrNot() {
        assertThat(refusal("/..")).isEqualTo(TRAVERSAL);
        assertThat(refusal("/../etc/passwd")).isEqualTo(TRAVERSAL);
        assertThat(refusal("/a/../../etc/passwd")).isEqualTo(TRAVERSAL);
        assertThat(refusal("/%2e%2e/etc/passwd")).isEqualTo(TRAVERSAL);
        assertThat(refusal("/a%2f..%2f..%2fsecret")).isEqualTo(TRAVERSAL);
        assertThat(refusal("http://h/../x")).isEqualTo(TRAVERSAL);
    }

    @Test
    void targetsThatAreNoPathAreMalformed() {
        assertThat(refusal("*")).isEqualTo(MALFORMED);
        assertThat(refusal("example.com:443")).isEqualTo(MALFORMED);
        assertThat(refusal("")).isEqualTo(MALFORMED);
        assertThat(refusal("/bad%zzescape")).isEqualTo(MALFORMED);
        assertThat(refusal("/cut%4")).isEqualTo(MALFORMED);
        assertThat(refusal("/nul%00byte")).isEqualTo(MALFORMED);
        assertThat(refusal("/raw\u0000nul")).isEqualTo(MALFORMED);
        assertThat(refusal("/a b")).isEqualTo(MALFORMED);
        assertThat(refusal("/tab\there")).isEqualTo(MALFORMED);
    }
}
