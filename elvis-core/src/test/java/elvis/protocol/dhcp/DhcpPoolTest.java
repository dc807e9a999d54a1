package elvis.protocol.dhcp;

import elvis.protocol.ipv4.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool alone: who gets which address, when addresses come back, and that a large pool stays fast. */
class DhcpPoolTest {
    static final int NET = Ipv4Address.parse("10.1.0.0");
    static final long S = 1_000_000_000L;

    @Test
    void aClientComingBackIsOfferedItsOldAddressEvenUnasked() {
        DhcpPool p = DhcpPool.subnet(NET, 24);
        int a = p.offer(0xA, 0, 60 * S);
        assertThat(p.lease(0xA, a, 100 * S)).isTrue();
        assertThat(p.free(0xA, a)).isTrue();
        int b = p.offer(0xB, 0, 60 * S);
        assertThat(b).as("never-used addresses first").isNotEqualTo(a);
        assertThat(p.offer(0xA, 0, 60 * S)).isEqualTo(a);
        assertThat(p.offer(0xA, 0, 61 * S)).as("the same offer again").isEqualTo(a);
    }

    @Test
    void theNetworkAndBroadcastAddressesAndReservedOnesAreNeverGiven() {
        DhcpPool p = DhcpPool.subnet(NET, 29).reserve(NET + 1);          // 8 addresses: 0 and 7 are network and broadcast
        Set<Integer> given = new HashSet<>();
        for (long c = 1; c <= 10; c++) {
            int ip = p.offer(c, 0, 60 * S);
            if (ip != -1) given.add(ip);
        }
        assertThat(given).containsExactlyInAnyOrder(NET + 2, NET + 3, NET + 4, NET + 5, NET + 6);
        assertThat(p.available()).isZero();
    }

    @Test
    void offersAndLeasesExpireAndDeclinedAddressesNeverComeBack() {
        DhcpPool p = new DhcpPool(NET, 24, NET + 10, NET + 11);
        int a = p.offer(1, 0, 60 * S), b = p.offer(2, 0, 60 * S);
        assertThat(p.offer(3, 0, 60 * S)).isEqualTo(-1);
        assertThat(p.lease(2, b, 120 * S)).isTrue();
        p.expire(60 * S);                                               // 1's offer lapses, 2's lease holds
        assertThat(p.offer(3, 0, 120 * S)).isEqualTo(a);
        assertThat(p.decline(3, a)).isTrue();
        p.expire(120 * S);                                              // 2's lease ends
        assertThat(p.offer(4, 0, 180 * S)).isEqualTo(b);
        p.expire(1000 * S);
        assertThat(p.offer(5, a, 2000 * S)).as("declined: not even when asked for").isEqualTo(b);
        assertThat(p.offer(6, 0, 2000 * S)).isEqualTo(-1);
    }

    @Test
    void leaseChecksWhoHoldsTheAddress() {
        DhcpPool p = DhcpPool.subnet(NET, 24);
        int a = p.offer(1, 0, 60 * S);
        assertThat(p.lease(2, a, 100 * S)).as("offered to another").isFalse();
        assertThat(p.lease(1, a, 100 * S)).isTrue();
        assertThat(p.lease(2, a, 100 * S)).as("leased to another").isFalse();
        assertThat(p.lease(2, NET + 200, 100 * S)).as("free: INIT-REBOOT may have it").isTrue();
        assertThat(p.lease(2, NET + 255, 100 * S)).as("broadcast").isFalse();
        assertThat(p.lease(2, Ipv4Address.parse("10.2.0.5"), 100 * S)).as("elsewhere").isFalse();
    }

    @Test
    void aStaticReservationIsOnlyForItsClient() {
        DhcpPool p = new DhcpPool(NET, 24, NET + 10, NET + 12).fixed(0xF, NET + 10);
        assertThat(p.offer(1, NET + 10, 60 * S)).isEqualTo(NET + 11);
        assertThat(p.lease(1, NET + 10, 60 * S)).isFalse();
        assertThat(p.offer(0xF, 0, 60 * S)).isEqualTo(NET + 10);
        assertThat(p.lease(0xF, NET + 10, 100 * S)).isTrue();
        p.expire(200 * S);                                              // 0xF's lease and 1's offer end
        assertThat(p.offer(2, 0, 300 * S)).isEqualTo(NET + 12);
        assertThat(p.offer(3, 0, 300 * S)).isEqualTo(NET + 11);
        assertThat(p.offer(4, 0, 300 * S)).as("the reserved address stays its client's after its lease").isEqualTo(-1);
        assertThat(p.offer(0xF, 0, 300 * S)).isEqualTo(NET + 10);
    }

    @Test
    void aMillionAddressesAreHandedOutInLinearTime() {
        DhcpPool p = DhcpPool.subnet(Ipv4Address.parse("10.0.0.0"), 12);
        long t0 = System.nanoTime();
        Set<Integer> seen = new HashSet<>();
        for (long c = 1; c <= 1_000_000; c++) {
            long now = c * 1_000;                                       // a microsecond apart: offers expire as they go
            p.expire(now);
            int ip = p.offer(c, 0, now + 60 * S);
            assertThat(p.lease(c, ip, now + 3600 * S)).isTrue();
            seen.add(ip);
        }
        assertThat(seen).hasSize(1_000_000);
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds for 10^6 offers and leases").isLessThan(20);
    }
}
