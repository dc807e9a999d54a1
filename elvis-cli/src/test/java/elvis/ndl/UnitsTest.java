package elvis.ndl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import elvis.config.Suggest;
import elvis.config.Units;
import elvis.config.Units.BadValue;
import elvis.ndl.model.Ipv4;
import elvis.ndl.model.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "500ns, 500", "150us, 150000", "150µs, 150000", "20ms, 20000000", "1s, 1000000000",
            "1.5s, 1500000000", "2min, 120000000000", "1h, 3600000000000", "20MS, 20000000", "0.001ms, 1000"})
    void durations(String text, long nanos) throws BadValue {
        assertThat(Units.duration(text, "latency", 3_600_000_000_000L, "1h")).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "20|latency '20' needs a unit: ns, us, ms, s, min or h",
            "-1ms|latency must not be negative, got '-1ms'",
            "1.5ns|latency '1.5ns' is not a whole number of nanoseconds",
            "61min|latency must be at most 1h, got '61min'",
            "1h1ns|unknown unit 'h1ns' in latency '1h1ns'; use ns, us, ms, s, min or h",
            "ms|invalid latency 'ms': expected a number with a unit such as '20ms'",
            "5 sec|unknown unit 'sec' in latency '5 sec'; use ns, us, ms, s, min or h",
            "99999999999999999999999999999999s|latency must be at most 1h, got '99999999999999999999999999999999s'"})
    void badDurations(String text, String message) {
        assertThatThrownBy(() -> Units.duration(text, "latency", 3_600_000_000_000L, "1h")).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "100, 100", "100kbps, 100000", "10Mbps, 10000000", "1.5Mbps, 1500000", "1Gbps, 1000000000",
            "10Tbps, 10000000000000", "10mbps, 10000000"})
    void bandwidths(String text, long bps) throws BadValue {
        assertThat(Units.bandwidth(text, "bandwidth")).isEqualTo(bps);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.000000000001Tbps|bandwidth must be at most 10Tbps, got '10.000000000001Tbps'",
            "0.5bps|bandwidth '0.5bps' is not a whole number of bits per second",
            "1.2.3Mbps|invalid bandwidth '1.2.3Mbps': expected a number with a unit such as '10Mbps'",
            "10MBps|unknown unit 'MBps' in bandwidth '10MBps'; use bps, kbps, Mbps, Gbps or Tbps"})
    void badBandwidths(String text, String message) {
        assertThatThrownBy(() -> Units.bandwidth(text, "bandwidth")).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1500, 1500", "1500B, 1500", "64KB, 65536", "64KiB, 65536", "1MB, 1048576", "1GB, 1073741824"})
    void sizes(String text, long bytes) throws BadValue {
        assertThat(Units.size(text, "queue", 1L << 30, "1GB")).isEqualTo(bytes);
    }

    @Test
    void sizeLimit() {
        assertThatThrownBy(() -> Units.size("1025MB", "queue", 1L << 30, "1GB")).hasMessage("queue must be at most 1GB, got '1025MB'");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "0%, 0", "0.5%, 0.005", "100%, 1", "0.005, 0.005", "1, 1"})
    void fractions(String text, double value) throws BadValue {
        assertThat(Units.fraction(text, "loss")).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "100.0001%|loss must be between 0% and 100%, got '100.0001%'",
            "-1%|loss must be between 0% and 100%, got '-1%'",
            "1.5|loss must be between 0% and 100%, got '1.5'; write '1.5%' for a percentage",
            "150|loss must be between 0% and 100%, got '150'",
            "%|invalid loss '%': expected a percentage such as '0.5%' or a fraction such as '0.005'"})
    void badFractions(String text, String message) {
        assertThatThrownBy(() -> Units.fraction(text, "loss")).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "65535, 65535", "0xbeef, 48879", "0XFFFF, 65535", "0x0, 0", "00080, 80"})
    void ports(String text, int port) throws BadValue {
        assertThat(Units.port(text, "port")).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "65536|port must be between 0 and 65535, got '65536'",
            "-1|port must be between 0 and 65535, got '-1'",
            "0x10000|port must be between 0 and 65535, got '0x10000'",
            "0x|invalid hexadecimal port '0x'",
            "0xbeeg|invalid hexadecimal port '0xbeeg'",
            "http|invalid port 'http': expected a number 0..65535, decimal or 0x hexadecimal",
            "99999999999999999999999999999999999999|port must be between 0 and 65535, got '99999999999999999999999999999999999999'",
            "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF|port must be between 0 and 65535, got '0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'"})
    void badPorts(String text, String message) {
        assertThatThrownBy(() -> Units.port(text, "port")).hasMessage(message);
    }

    @Test
    void wholeNumbersAtTheirBounds() throws BadValue {
        assertThat(Units.wholeNumber("1", "count", 1, 10_000_000)).isEqualTo(1);
        assertThat(Units.wholeNumber("10000000", "count", 1, 10_000_000)).isEqualTo(10_000_000);
        assertThatThrownBy(() -> Units.wholeNumber("10000001", "count", 1, 10_000_000))
                .hasMessage("count must be between 1 and 10,000,000, got '10000001'");
        assertThatThrownBy(() -> Units.wholeNumber("1" + "0".repeat(10_000), "count", 1, 10))
                .hasMessageStartingWith("count must be between 1 and 10, got '1000");
        assertThatThrownBy(() -> Units.wholeNumber("1e3", "count", 1, 10)).hasMessage("count must be a whole number, got '1e3'");
    }

    @Test
    void seeds() throws BadValue {
        assertThat(Units.seed("42")).isEqualTo(42);
        assertThat(Units.seed("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Units.seed("0xFFFFFFFFFFFFFFFF")).isEqualTo(-1);
        assertThatThrownBy(() -> Units.seed("9223372036854775808")).isInstanceOf(BadValue.class);
        assertThatThrownBy(() -> Units.seed("0x1FFFFFFFFFFFFFFFF")).isInstanceOf(BadValue.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "01234.1.1.1", "1..2.3", "a.b.c.d", ""})
    void badAddresses(String text) {
        assertThat(Ipv4.parse(text)).isEmpty();
    }

    @Test
    void addressesAndSubnets() {
        assertThat(Ipv4.parse("255.255.255.255").orElseThrow().unsigned()).isEqualTo(0xFFFF_FFFFL);
        assertThat(Ipv4.parse("10.0.0.1").orElseThrow()).hasToString("10.0.0.1");
        Subnet s = Subnet.around(Ipv4.parse("10.1.2.3").orElseThrow(), 24);
        assertThat(s).hasToString("10.1.2.0/24");
        assertThat(s.firstHost()).hasToString("10.1.2.1");
        assertThat(s.lastHost()).hasToString("10.1.2.254");
        Subnet p2p = Subnet.around(Ipv4.parse("10.1.2.3").orElseThrow(), 31);
        assertThat(p2p.firstHost()).hasToString("10.1.2.2");
        assertThat(p2p.lastHost()).hasToString("10.1.2.3");
        assertThat(Subnet.DEFAULT_ROUTE.contains(Ipv4.parse("1.2.3.4").orElseThrow())).isTrue();
    }

    @Test
    void suggestions() {
        assertThat(Suggest.distance("captur", "capture")).isEqualTo(1);
        assertThat(Suggest.distance("UPD", "UDP")).isEqualTo(1); // a transposition counts once
        assertThat(Suggest.nearest("netwroks", java.util.List.of("Networks", "Machines"))).contains("Networks");
        assertThat(Suggest.nearest("xyz", java.util.List.of("Networks", "Machines"))).isEmpty();
    }
}
