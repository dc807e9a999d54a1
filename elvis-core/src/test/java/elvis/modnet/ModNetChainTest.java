package elvis.modnet;

import elvis.protocol.tcp.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** R-MN-1 and R-MN-2: chains of forwarding modules on a 20 MB transfer change nothing the applications can see but timing. */
class ModNetChainTest {
    static final int SIZE = 20 << 20;
    static final byte[] DATA = ChainRig.pattern(SIZE);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void aChainOfForwardersOnTheClientDeliversTheSameStream(int k) {
        ChainRig rig = new ChainRig();
        String[] names = rig.forwarders("f", k, false, true);
        if (k > 0) rig.modnet.apply(rig.client, names);
        rig.bulk(DATA);
        rig.run();
        assertTransparent(rig);
        for (String n : names) {
            assertThat(rig.modnet.stats(n).pairsStolen()).isEqualTo(1);
            assertThat(rig.modnet.stats(n).bytesToNetwork()).isEqualTo(SIZE);
            assertThat(rig.modnet.stats(n).bytesToApplication()).isEqualTo(4);
            assertThat(rig.modnet.stats(n).failures()).isZero();
        }
    }

    static void assertTransparent(ChainRig rig) {
        assertThat(rig.log).containsExactly("client got done");
        assertThat(rig.received).isEqualTo(SIZE);
        assertThat(rig.receivedSha).isEqualTo(rig.sentSha);
        assertThat(rig.eofs).isEqualTo(1);
        assertThat(rig.clientSawAddress).isEqualTo(ChainRig.SERVER);
        assertThat(rig.clientSawPort).isEqualTo(ChainRig.PORT);
        assertThat(rig.serverSawAddress).isEqualTo(ChainRig.CLIENT);
        assertThat(rig.clientState).isEqualTo(TcpState.TIME_WAIT);     // the real connection's: both FINs exchanged
        assertThat(rig.clientBytesAcked).isGreaterThanOrEqualTo(SIZE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void blockingModulesOnBothSides(int k) {
        ChainRig rig = new ChainRig();
        rig.modnet.apply(rig.client, rig.forwarders("c", k, true, true));
        rig.modnet.apply(rig.server, rig.forwarders("s", k, true, true));
        rig.bulk(DATA);
        rig.run();
        assertTransparent(rig);
    }

    @Test
    void modulesOnTheServerOnlyStealAcceptedSockets() {
        ChainRig rig = new ChainRig();
        String[] names = rig.forwarders("s", 2, false, true);
        rig.modnet.apply(rig.server, names);
        rig.bulk(DATA);
        rig.run();
        assertTransparent(rig);
        assertThat(rig.modnet.stats("s0").pairsStolen()).isEqualTo(1);       // the listener is not stolen, its connection is
        assertThat(rig.modnet.stats("s0").bytesToApplication()).isEqualTo(SIZE);
    }

    @Test
    void sameRunTwiceSameResult() {
        long[] ends = new long[2];
        for (int i = 0; i < 2; i++) {
            ChainRig rig = new ChainRig();
            rig.modnet.apply(rig.client, rig.forwarders("f", 3, false, true));
            rig.modnet.apply(rig.server, rig.forwarders("g", 1, true, true));
            rig.bulk(DATA);
            rig.run();
            assertTransparent(rig);
            ends[i] = rig.sim.kernel().lastEventTime() ^ rig.sim.kernel().eventsDispatched() * 31;
        }
        assertThat(ends[1]).isEqualTo(ends[0]);
    }
}
