package elvis.protocol.tcp;

import elvis.message.Message;
import org.junit.jupiter.api.Test;

import static elvis.protocol.tcp.TcpScript.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Congestion controls are found by name through ServiceLoader, so one written outside the core is used like the built-in ones. */
class CongestionControlRegistryTest {

    /** A controller a user might write: a fixed window of ten segments, registered in this module's test resources. */
    public static final class FixedWindow extends CongestionControl {
        FixedWindow(int smss) { super(smss); }

        @Override public String name() { return "fixed"; }
        @Override public boolean partialAckKeepsRecovery() { return true; }
        @Override protected void onAck(long acked, long nowNs, long srttNs) { cwnd = 10L * smss; }
        @Override protected void onLoss(long flightSize, long nowNs) { ssthresh = cwnd = 10L * smss; }

        public static final class Factory implements CongestionControlFactory {
            @Override public String name() { return "fixed"; }
            @Override public CongestionControl create(int smss) { return new FixedWindow(smss); }
        }
    }

    @Test
    void theCoreRegistersRenoNewRenoAndCubicInThatOrder() {
        assertThat(CongestionControlRegistry.names()).containsSubsequence("reno", "newreno", "cubic").contains("fixed");
        assertThat(CongestionControlRegistry.create("reno", 1000)).isInstanceOf(CongestionControl.Reno.class);
        assertThat(CongestionControlRegistry.create("newreno", 1000)).isInstanceOf(CongestionControl.NewReno.class);
        assertThat(CongestionControlRegistry.create("cubic", 1000)).isInstanceOf(Cubic.class);
        assertThat(CongestionControlRegistry.create("cubic", 1000)).isNotSameAs(CongestionControlRegistry.create("cubic", 1000));
    }

    @Test
    void anUnknownNameIsRefusedWithTheValidOnes() {
        assertThat(CongestionControlRegistry.exists("vegas")).isFalse();
        assertThatThrownBy(() -> TcpConfig.DEFAULT.withCongestionControl("vegas"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cc must be one of ").hasMessageContaining("reno, newreno, cubic").hasMessageEndingWith(": vegas");
    }

    @Test
    void aConnectionUsesARegisteredControllerByName() {
        TcpScript t = new TcpScript(TcpScript.plain().withCongestionControl("fixed"));
        t.activeOpen(10 * MS, 65535, TcpScript.mssOption(1000));
        assertThat(t.connection.congestionControl()).isInstanceOf(FixedWindow.class);
        t.connection.send(Message.zeros(20_000));
        t.runUntil(t.sim.kernel().now() + MS);
        // Initial window of RFC 5681 §3.1 (4 segments of 1000 bytes) until the first ACK.
        assertThat(t.all.stream().filter(e -> e.seg().payload.length() > 0).count()).isEqualTo(4);
    }
}
