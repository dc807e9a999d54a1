package elvis.cpu;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** The cost list's syntax, its exact prices, its errors with their offsets, and a fuzz campaign. */
class CpuCostsTest {

    @Test
    void timesPerUnitAndRates() throws Exception {
        CpuCosts c = CpuCosts.parse("per_request=50us, deflate_l1 = 200MB/s,per_byte=0.25ns, per_packet=2.5us, ops=20000/s, raw=1000000B/s");
        assertThat(c.ns("per_request", 3)).isEqualTo(150_000);
        // 200 MB/s with MB = 2^20: 1e9 / (200 · 2^20) ns per byte
        assertThat(c.ns("deflate_l1", 200L << 20)).isEqualTo(1_000_000_000);
        assertThat(c.ns("deflate_l1", 1)).isEqualTo(5);                      // 4.77 ns rounded up
        assertThat(c.ns("per_byte", 1000)).isEqualTo(250);
        assertThat(c.ns("per_byte", 1)).isEqualTo(1);                        // any work costs at least 1 ns
        assertThat(c.ns("per_packet", 2)).isEqualTo(5000);
        assertThat(c.ns("ops", 1)).isEqualTo(50_000);
        assertThat(c.ns("raw", 1)).isEqualTo(1000);
        assertThat(c.ns("per_byte", 0)).isZero();
        assertThat(c.ns("undeclared", 1_000_000)).isZero();
        // 1e9 / (200 · 2^20) = 2^9·5^9 / (2^23·5^2), in lowest terms 5^7 / 2^14
        assertThat(c.find("deflate_l1").numerator()).isEqualTo(78_125);
        assertThat(c.find("deflate_l1").denominator()).isEqualTo(16_384);
        assertThat(c.format()).isEqualTo("per_request=50us, deflate_l1=200MB/s, per_byte=0.25ns, per_packet=2.5us, ops=20000/s, raw=1000000B/s");
        assertThat(CpuCosts.parse(c.format()).list()).isEqualTo(c.list());
    }

    @Test
    void hugeQuantitiesSaturateInsteadOfOverflowing() throws Exception {
        CpuCosts c = CpuCosts.parse("slow=1s");
        assertThat(c.ns("slow", Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> c.ns("slow", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Each error says what is wrong and where (0-based offset into the text). */
    @Test
    void errorsAreLocated() {
        error("per_request=50us, per_request=1us", "given twice", 18);
        error("per_request=50", "needs a unit", 14);
        error("per_request=50xs", "unknown unit 'xs'", 14);
        error("deflate=200MiB/s", "unknown rate unit", 11);
        error("a=1us,,b=2us", "empty entry", 6);
        error("a=1us, b", "has no '='", 7);
        error("Big=1us", "must start with a lower-case letter", 0);
        error("a=", "has no value", 2);
        error("a=0us", "above 0", 2);
        error("a=-1us", "must be a number", 2);
        error("a=1.2.3us", "must be a number", 2);
        error("a=0.0001ns", "finer than 1 picosecond", 2);
        error("a=2h", "unknown unit", 3);
        error("a=3601s", "above 1h", 2);
        error("a=2PB/s", "unknown rate unit", 3);
        error("a=2000TB/s", "above 1PB/s", 2);
        error("a=1234567890123456789012us", "must be a number", 2);
        error("", "empty entry", 0);
        error("  ", "empty entry", 2);
    }

    private static void error(String text, String says, int offset) {
        try {
            CpuCosts.parse(text);
            fail("accepted '" + text + "'");
        } catch (CpuCosts.CostError e) {
            assertThat(e.getMessage()).as(text).contains(says);
            assertThat(e.offset()).as(text).isEqualTo(offset);
        }
    }

    /** Random text: a parsed list or a located error, never another exception; a parsed list round-trips. */
    @Test
    void fuzz() {
        int runs = Integer.getInteger("fuzz.cpu", 20_000);
        SplittableRandom r = new SplittableRandom(18);
        String[] pieces = {"a", "deflate_l", "9", "=", ",", " ", ".", "5", "0", "us", "ns", "ms", "s", "µs", "/s", "MB/s", "KB/s", "B/s", "GB",
                "TB/s", "x", "-", "'", "\t", "999999999999", "1e3", "Z", "_", "\u0663"};
        for (int i = 0; i < runs; i++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(12);
            for (int k = 0; k < n; k++) {
                if (r.nextInt(10) == 0) b.append((char) r.nextInt(0x3000));
                else b.append(pieces[r.nextInt(pieces.length)]);
            }
            String text = b.toString();
            try {
                CpuCosts c = CpuCosts.parse(text);
                assertThat(CpuCosts.parse(c.format()).list()).as(text).isEqualTo(c.list());
                for (CpuCosts.Cost cost : c.list()) assertThat(cost.ns(r.nextLong(Long.MAX_VALUE))).isNotNegative();
            } catch (CpuCosts.CostError e) {
                assertThat(e.offset()).as(text).isBetween(0, text.length());
                assertThat(e.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("'" + text + "' threw " + e, e);
            }
        }
    }
}
