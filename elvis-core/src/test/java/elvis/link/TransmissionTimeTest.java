package elvis.link;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LinkConfig#transmissionNs} (a multiply and shift per frame) equals the exact ceil(bytes * 8e9 / bandwidth). */
class TransmissionTimeTest {
    private static long exact(int bytes, long bps) {
        return bps == 0 ? 0 : Math.ceilDiv(bytes * 8L * 1_000_000_000L, bps);
    }

    private static void assertExact(long bps, int bytes) {
        assertThat(LinkConfig.UNLIMITED.withBandwidth(bps).transmissionNs(bytes)).as("%d bytes at %d bit/s", bytes, bps).isEqualTo(exact(bytes, bps));
    }

    @Test
    void everyFrameSizeAtCommonAndAwkwardRates() {
        // Whole ns per byte (1 Gbit/s), a small reduced denominator (10 Gbit/s: 4/5 ns), odd and prime
        // rates (denominator near and beyond 2^31, where the division itself serves), and the extremes.
        long[] rates = {1, 3, 1_000, 56_000, 1_000_000, 1_544_000, 10_000_000, 100_000_000, 622_080_000, 1_000_000_000,
                2_500_000_000L, 10_000_000_000L, 40_000_000_000L, 100_000_000_000L, 400_000_000_000L,
                999_999_937, 2_147_483_647, 2_147_483_659L, 4_294_967_311L, 8_000_000_001L, 1_000_000_000_000L};
        for (long bps : rates) for (int bytes = 0; bytes <= 65_550; bytes++) assertExact(bps, bytes);
    }

    @Test
    void randomRatesAndSizes() {
        RandomStream random = new RandomStream(13);
        for (int i = 0; i < 200_000; i++) {
            long bps = 1 + random.nextLong(1_000_000_000_000L);
            int bytes = (int) random.nextLong(10_000_000);
            assertExact(bps, bytes);
        }
    }

    @Test
    void unlimitedTakesNoTime() {
        assertThat(LinkConfig.UNLIMITED.transmissionNs(1514)).isZero();
    }
}
