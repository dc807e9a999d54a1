package elvis.routing.bgp;

import elvis.routing.bgp.RouteReflection.PeerKind;
import org.junit.jupiter.api.Test;

import static elvis.routing.bgp.RouteReflection.PeerKind.CLIENT;
import static elvis.routing.bgp.RouteReflection.PeerKind.EBGP;
import static elvis.routing.bgp.RouteReflection.PeerKind.NON_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

class RouteReflectionTest {
    @Test
    void rfc4456Section6_whoHearsWhat() {
        // from a non-client: to clients only (and eBGP), never to another non-client
        assertThat(RouteReflection.advertise(NON_CLIENT, CLIENT)).isTrue();
        assertThat(RouteReflection.advertise(NON_CLIENT, NON_CLIENT)).isFalse();
        assertThat(RouteReflection.advertise(NON_CLIENT, EBGP)).isTrue();
        // from a client: to clients and non-clients
        assertThat(RouteReflection.advertise(CLIENT, CLIENT)).isTrue();
        assertThat(RouteReflection.advertise(CLIENT, NON_CLIENT)).isTrue();
        assertThat(RouteReflection.advertise(CLIENT, EBGP)).isTrue();
        // from eBGP or originated here: to everyone
        for (PeerKind to : PeerKind.values()) {
            assertThat(RouteReflection.advertise(EBGP, to)).isTrue();
            assertThat(RouteReflection.advertise(null, to)).isTrue();
        }
    }

    @Test
    void onlyIbgpToIbgpIsReflection() {
        assertThat(RouteReflection.reflects(CLIENT, NON_CLIENT)).isTrue();
        assertThat(RouteReflection.reflects(NON_CLIENT, CLIENT)).isTrue();
        assertThat(RouteReflection.reflects(EBGP, CLIENT)).isFalse();
        assertThat(RouteReflection.reflects(null, CLIENT)).isFalse();
        assertThat(RouteReflection.reflects(CLIENT, EBGP)).isFalse();
    }

    @Test
    void reflectedRoutesKeepTheFirstOriginatorAndPrependTheCluster() {
        assertThat(RouteReflection.originatorId(0, 0x0A000001)).isEqualTo(0x0A000001);
        assertThat(RouteReflection.originatorId(0x0A000009, 0x0A000001)).as("set once, by the first reflector").isEqualTo(0x0A000009);
        assertThat(RouteReflection.clusterList(new int[0], 7)).containsExactly(7);
        assertThat(RouteReflection.clusterList(new int[] {5, 6}, 7)).containsExactly(7, 5, 6);
    }

    @Test
    void rfc4456Section8_loopsAreDropped() {
        assertThat(RouteReflection.looped(0x0A000001, new int[0], 0x0A000001, 99)).as("our own route came back").isTrue();
        assertThat(RouteReflection.looped(0x0A000002, new int[] {5, 99}, 0x0A000001, 99)).as("through our cluster").isTrue();
        assertThat(RouteReflection.looped(0x0A000002, new int[] {5, 6}, 0x0A000001, 99)).isFalse();
        assertThat(RouteReflection.looped(0, new int[0], 0x0A000001, 0x0A000001)).isFalse();
    }
}
