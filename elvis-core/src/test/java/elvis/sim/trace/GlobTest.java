package elvis.sim.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlobTest {
    @Test
    void starCrossesSlashesAndQuestionMarkTakesOneCharacter() {
        assertThat(new Glob("*/cwnd").matches("client/tcp/10.0.0.1:5001-10.0.0.2:80/cwnd")).isTrue();
        assertThat(new Glob("*/queue").matches("lan>server/eth0/queue")).isTrue();
        assertThat(new Glob("*/queue").matches("lan>server/eth0/queue_bytes")).isFalse();
        assertThat(new Glob("server/*").matches("server/drop")).isTrue();
        assertThat(new Glob("server/*").matches("lan>server/eth0/drop")).isFalse();
        assertThat(new Glob("client-?/drop").matches("client-7/drop")).isTrue();
        assertThat(new Glob("client-?/drop").matches("client-17/drop")).isFalse();
        assertThat(new Glob("a*b*c").matches("aXbYbZc")).isTrue();
        assertThat(new Glob("a*b*c").matches("aXbYbZ")).isFalse();
        assertThat(new Glob("*").matches("")).isTrue();
    }

    @Test
    void overlapsAFamilyWhenSomePathMatchesBoth() {
        assertThat(new Glob("*/cwnd").overlaps("client/tcp/*/cwnd")).isTrue();
        assertThat(new Glob("client/tcp/10.0.0.1:*/cwnd").overlaps("client/tcp/*/cwnd")).isTrue();
        assertThat(new Glob("client/tcp/*/cwnd").overlaps("server/tcp/*/cwnd")).isFalse();
        assertThat(new Glob("*/cwmd").overlaps("client/tcp/*/cwnd")).isFalse();
        assertThat(new Glob("server/app/tcp_sink/finished").overlaps("server/app/tcp_sink/*")).isTrue();
        assertThat(new Glob("server/app/tcp_sink/finished").overlaps("server/app/echo/*")).isFalse();
        assertThat(new Glob("c?ient/drop").overlaps("client/drop")).isTrue();
    }

    @Test
    void anEmptyPatternIsRefused() {
        assertThatThrownBy(() -> new Glob("")).isInstanceOf(IllegalArgumentException.class);
    }
}
