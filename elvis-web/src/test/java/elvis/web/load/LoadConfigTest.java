package elvis.web.load;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadConfigTest {
    static final ApplicationFactory.Context CONTEXT = ApplicationFactory.Context.of(name -> name.equals("server") ? 0x0A000002 : -1, Path.of(""));

    static LoadConfig config(String... kv) { return LoadConfig.of(Arguments.of(kv), CONTEXT); }

    @Test
    void theDefaultsAreRustysWorkload() {
        LoadConfig c = config("to", "server");
        assertThat(c.to()).isEqualTo(0x0A000002);
        assertThat(c.port()).isEqualTo(80);
        assertThat(c.connections()).isEqualTo(1_000);
        assertThat(c.durationNs()).isEqualTo(30_000_000_000L);
        assertThat(c.rate()).isZero();
        assertThat(c.pages().size()).isEqualTo(500);
        assertThat(c.keepAlive()).isTrue();
        assertThat(c.timeoutNs()).isEqualTo(2_000_000_000L);
        assertThat(c.target()).isEqualTo("http://server (one of 500 paths)");
    }

    @Test
    void anOpenLoopAndAPathList() {
        LoadConfig c = config("to", "server", "port", "8080", "rate", "2000", "arrivals", "constant", "paths", "/a.htm, /b.htm", "keepalive", "false");
        assertThat(c.rate()).isEqualTo(2_000);
        assertThat(c.arrivals()).isEqualTo(Arrivals.Kind.CONSTANT);
        assertThat(c.pages().size()).isEqualTo(2);
        assertThat(c.keepAlive()).isFalse();
        assertThat(config("to", "server", "path", "/index.html", "port", "8080").target()).isEqualTo("http://server:8080/index.html");
    }

    @Test
    void badArgumentsNameTheArgumentAtFault() {
        assertKey(() -> config("to", "nowhere"), "to", "names no machine");
        assertKey(() -> config("to", "server", "path", "/a", "paths", "/b"), "paths", "not both");
        assertKey(() -> config("to", "server", "path", "/a", "pages", "10"), "pages", "cannot go with");
        assertKey(() -> config("to", "server", "path", "index.html"), "path", "must start with '/'");
        assertKey(() -> config("to", "server", "paths", "/a,,/b"), "paths", "must start with '/'");
        assertKey(() -> config("to", "server", "path", "/a b"), "path", "visible ASCII");
        assertKey(() -> config("to", "server", "arrivals", "constant"), "arrivals", "give 'rate' too");
        assertKey(() -> config("to", "server", "rate", "100", "arrivals", "bursty"), "arrivals", "'poisson' or 'constant'");
        assertKey(() -> config("to", "server", "connections", "0"), "connections", "");
        assertKey(() -> config("to", "server", "duration", "0s"), "duration", "positive");
        assertKey(() -> config("to", "server", "timeout", "0s"), "timeout", "positive");
        assertKey(() -> config("to", "server", "port", "0"), "port", "");
    }

    private static void assertKey(Runnable r, String key, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(Arguments.ArgumentException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
