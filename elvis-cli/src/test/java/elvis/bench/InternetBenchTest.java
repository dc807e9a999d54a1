package elvis.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code elvis bench internet} at a small size: BGP and OSPF converge from cold, and every host's datagram crosses the Internet. */
class InternetBenchTest {
    @Test
    void aSmallInternetConvergesAndDeliversEveryDatagram() throws Exception {
        InternetScenario.Result r = InternetScenario.run(25, 250, 4, true, Long.MAX_VALUE, null);
        assertThat(r.converged()).isTrue();
        assertThat(r.convergedNs()).isPositive().isLessThan(InternetScenario.LIMIT_NS);
        assertThat(r.protocols()).extracting(p -> p[0]).containsExactly("bgp", "ospf");
        assertThat(r.hosts()).isEqualTo(250);
        assertThat(r.udpSent()).isEqualTo(250);
        assertThat(r.udpReceived()).isEqualTo(250);
        InternetScenario.Result again = InternetScenario.run(25, 250, 4, false, Long.MAX_VALUE, null);
        assertThat(again.convergedNs()).isEqualTo(r.convergedNs());          // deterministic
        assertThat(again.tableChanges()).isEqualTo(r.tableChanges());
    }

    @Test
    void aWallLimitEndsTheRunAsNotConverged() throws Exception {
        InternetScenario.Result r = InternetScenario.run(25, 250, 4, true, 0, null);
        assertThat(r.converged()).isFalse();
        assertThat(r.udpSent()).isZero();
    }
}
