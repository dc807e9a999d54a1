package elvis.config;

import elvis.link.LinkConfig;
import elvis.protocol.tcp.TcpConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Declarations parse what descriptions write, reject what they do not allow, and echo values as one would write them. */
class AttributeTest {

    @Test
    void aValueEchoesAsItWouldBeWrittenAndParsesBackToItself() throws Exception {
        Attribute<Long> d = Attribute.duration("d", 0, 3600 * Units.NANOS_PER_SECOND);
        for (String text : List.of("0", "500ns", "150us", "20ms", "1s", "2min", "1h")) assertThat(d.format(d.parse(text))).isEqualTo(text);
        assertThat(d.format(d.parse("1500ms"))).isEqualTo("1500ms");
        Attribute<Long> b = Attribute.bandwidth("b");
        for (String text : List.of("0", "1500bps", "10Mbps", "1500kbps", "10Tbps")) assertThat(b.format(b.parse(text))).isEqualTo(text);
        Attribute<Long> s = Attribute.size("s", 0, 1L << 40);
        for (String text : List.of("0", "1500B", "64KB", "1MB", "1TB")) assertThat(s.format(s.parse(text))).isEqualTo(text);
        Attribute<Double> p = Attribute.probability("p");
        assertThat(p.format(p.parse("0.5%"))).isEqualTo("0.5%");
        assertThat(p.format(p.parse("0.005"))).isEqualTo("0.5%");
        Attribute<QueueLimit> q = Attribute.queueLimit("q", 100, 1L << 20);
        assertThat(q.parse("40")).isEqualTo(QueueLimit.packets(40));
        assertThat(q.parse("3KB")).isEqualTo(QueueLimit.bytes(3072));
        assertThat(q.format(q.parse("3KB"))).isEqualTo("3KB");
        assertThat(Attribute.choice("c", "Reno", "cubic").parse("CUBIC")).isEqualTo("cubic");
        assertThat(Attribute.ipv4("ip").parse("10.0.0.7")).isEqualTo(0x0A000007);
        assertThat(Attribute.integer("i", 1, 10).parse("7")).isInstanceOf(Integer.class);
        assertThat(Attribute.wholeNumber("l", 1, 10).parse("7")).isInstanceOf(Long.class);
    }

    @Test
    void intervalsParseInTimeOrderAndEchoAsWritten() throws Exception {
        Attribute<Intervals> down = Attribute.intervals("down", 3600 * Units.NANOS_PER_SECOND);
        Intervals v = down.parse("2s-5s,8s");
        assertThat(v.list()).containsExactly(new Intervals.Interval(2_000_000_000L, 5_000_000_000L),
                new Intervals.Interval(8_000_000_000L, Intervals.FOREVER));
        assertThat(down.format(v)).isEqualTo("2s-5s, 8s");
        assertThat(down.format(down.parse("1s-1500ms"))).isEqualTo("1s-1500ms");
        assertThat(down.defaultValue()).isEqualTo(Intervals.NONE);
        assertThat(down.format(Intervals.NONE)).isEqualTo("none");
        assertThatThrownBy(() -> down.parse("5s-2s")).hasMessage("down interval '5s-2s' must end after it starts");
        assertThatThrownBy(() -> down.parse("2s-5s, 4s-6s"))
                .hasMessage("down interval '4s-6s' must start after the previous one ends (intervals in time order)");
        assertThatThrownBy(() -> down.parse("8s, 9s-10s")).hasMessage("down interval '8s' has no end, so it must be the last");
        assertThatThrownBy(() -> down.parse("2h")).hasMessageStartingWith("down must be at most 1h");
        assertThatThrownBy(() -> down.check(new Intervals(List.of(new Intervals.Interval(0, 2 * 3600 * Units.NANOS_PER_SECOND)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badTextIsRefusedNamingTheAttributeAndTheText() {
        assertThatThrownBy(() -> Attribute.integer("mtu", 68, 65535).parse("20")).hasMessage("mtu must be between 68 and 65,535, got '20'");
        assertThatThrownBy(() -> Attribute.duration("min_rto", 1, 10).parse("0")).hasMessage("'min_rto' must be above 0");
        assertThatThrownBy(() -> Attribute.size("buf", 1024, 1L << 30).parse("1B")).hasMessage("buf must be at least 1KB, got '1B'");
        assertThatThrownBy(() -> Attribute.size("buf", 1, 65535L << 14).parse("2GB"))
                .hasMessage("buf must be at most 1,073,725,440 bytes, got '2GB'");
        assertThatThrownBy(() -> Attribute.choice("arp", "static", "dynamic").parse("statik"))
                .hasMessage("arp must be 'static' or 'dynamic', got 'statik'; did you mean 'static'?");
        assertThatThrownBy(() -> Attribute.ipv4("ip").parse("10.0.0.300")).hasMessage("'10.0.0.300': octet 300 is above 255");
    }

    @Test
    void valuesSetInCodeAreCheckedAgainstTheDeclaration() {
        assertThatThrownBy(() -> LinkConfig.UNLIMITED.with(LinkConfig.LOSS, 1.5)).hasMessage("loss must be probability 0..100%: 150%");
        assertThatThrownBy(() -> TcpConfig.DEFAULT.with(TcpConfig.CONGESTION_CONTROL, "vegas")).hasMessageContaining("cc must be");
        assertThatThrownBy(() -> TcpConfig.DEFAULT.withMinRto(120 * Units.NANOS_PER_SECOND)).hasMessage("max_rto must not be below min_rto");
        // A default outside the range (iw 0: "the RFC rule") is allowed, and only the default.
        assertThat(TcpConfig.DEFAULT.initialWindow()).isZero();
        assertThat(TcpConfig.DEFAULT.withInitialWindow(5).withInitialWindow(0)).isEqualTo(TcpConfig.DEFAULT);
        assertThatThrownBy(() -> TcpConfig.DEFAULT.withInitialWindow(-1)).hasMessage("iw must be 1..1,000: -1");
        assertThatThrownBy(() -> TcpConfig.DEFAULT.with(LinkConfig.MTU, 1000)).hasMessage("TCP has no attribute 'mtu'");
    }

    @Test
    void aComponentIsBuiltFromValuesAndKeepsThemForItsEcho() {
        LinkConfig c = LinkConfig.UNLIMITED.with(LinkConfig.BANDWIDTH, 10_000_000L).with(LinkConfig.QUEUE, QueueLimit.packets(40));
        assertThat(c.bandwidthBps()).isEqualTo(10_000_000L);
        assertThat(c.queuePackets()).isEqualTo(40);
        assertThat(c.values().echo()).containsEntry("bandwidth", "10Mbps").containsEntry("queue", "40").containsEntry("fcs", "true");
        assertThat(c).isEqualTo(LinkConfig.UNLIMITED.withBandwidth(10_000_000).withQueuePackets(40));
        assertThat(TcpConfig.DEFAULT.values().echo().keySet()).containsExactlyElementsOf(TcpConfig.SCHEMA.names());
    }

    @Test
    void declarationsAreNamedOnceAndDocumented() {
        Attribute<Long> a = Attribute.bandwidth("rate").byDefault(0L).doc("the rate");
        assertThatThrownBy(() -> new Schema("x", List.of(a, a))).hasMessage("x declares 'rate' twice");
        assertThatThrownBy(() -> LinkConfig.SCHEMA.plus(Attribute.bool("mtu").byDefault(true).doc("again")))
                .hasMessage("link declares 'mtu' twice");
        assertThatThrownBy(() -> Schema.builder("x").add(Attribute.bool("b"))).hasMessageContaining("needs a line of documentation");
        assertThatThrownBy(() -> Attribute.bool("Bad-Name")).hasMessageContaining("lower_snake_case");
        assertThatThrownBy(() -> Attribute.integer("i", 1, 10).byDefault(11)).hasMessageContaining("i must be");
    }
}
