package elvis.web.modnet;

import elvis.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageReportTest {
    static double ratio(byte[] data, int level) {
        Deflater d = new Deflater(level, true);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[1 << 16];
        long n = 0;
        while (!d.finished()) n += d.deflate(out);
        d.end();
        return data.length / (double) n;
    }

    /** ModNet's EC2 report compressed 34–51×: ours must at each level the experiment uses, for any seed. */
    @ParameterizedTest
    @ValueSource(ints = {1, 6, 9})
    void deflateRatioIsInModNetsRangeAtEachLevel(int level) {
        for (long seed : new long[]{1, 2, 7, 1234567}) {
            byte[] report = UsageReport.of(seed, UsageReport.DEFAULT_BYTES).toByteArray();
            assertThat(ratio(report, level)).as("seed %d level %d", seed, level).isBetween(34.0, 51.0);
        }
    }

    @Test
    void exactSizeValidHtmlDeterministicAndCached() {
        Message a = UsageReport.of(5, UsageReport.DEFAULT_BYTES);
        assertThat(a.length()).isEqualTo(3_000_000);
        assertThat(UsageReport.of(5, UsageReport.DEFAULT_BYTES)).isSameAs(a);
        assertThat(UsageReport.generate(5, UsageReport.DEFAULT_BYTES)).isEqualTo(a.toByteArray());
        assertThat(UsageReport.generate(6, UsageReport.DEFAULT_BYTES)).isNotEqualTo(a.toByteArray());
        String text = new String(a.toByteArray(), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(text.split("<tr class=\"usage-row\">", -1).length - 1).isGreaterThan(8_000);
        assertThat(UsageReport.of(5, 10_000).length()).isEqualTo(10_000);
        assertThatThrownBy(() -> UsageReport.of(5, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
