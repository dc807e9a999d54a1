package elvis.protocol.tcp;

import elvis.message.Message;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The out-of-order queue against a byte map: what it holds, what it hands back, and the SACK blocks it reports (RFC 2018 §4). */
class ReceiveQueueTest {
    private static final int SPACE = 400;

    /** Random segments over a small sequence space, some taken in order: the queue agrees with a byte model throughout. */
    @Property(tries = 300)
    void agreesWithAByteModel(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = SPACE * 64 - 1) Integer> ops, @ForAll long seed) {
        ReceiveQueue q = new ReceiveQueue();
        byte[] stream = new byte[SPACE + 64];
        new Random(seed).nextBytes(stream);
        boolean[] held = new boolean[SPACE + 64];
        long rcvNxt = 0;
        long[] out = new long[2 * TcpSegment.MAX_SACK_BLOCKS];
        for (int op : ops) {
            int start = op % SPACE, len = 1 + op / SPACE;
            if (start <= rcvNxt) {                       // in order: the connection accepts it, then drains the queue
                rcvNxt = Math.max(rcvNxt, start + len);
                for (Message m; (m = q.takeAt(rcvNxt)) != null; ) {
                    byte[] got = m.toByteArray();
                    for (int i = 0; i < got.length; i++) assertThat(got[i]).isEqualTo(stream[(int) rcvNxt + i]);
                    rcvNxt += got.length;
                }
            } else {
                q.add(start, Message.wrap(stream, start, len));
                for (int i = start; i < start + len; i++) held[i] = true;
            }
            for (int i = 0; i < held.length && i < rcvNxt; i++) held[i] = false;
            List<long[]> runs = runs(held);
            assertThat(q.isEmpty()).isEqualTo(runs.isEmpty());
            assertThat(q.blockCount()).isEqualTo(runs.size());
            int n = q.sackBlocks(out, 4);
            assertThat(n).isEqualTo(Math.min(4, runs.size()));
            for (int k = 0; k < n; k++) {
                long left = out[2 * k], right = out[2 * k + 1];
                assertThat(runs).anySatisfy(r -> assertThat(r).containsExactly(left, right));
                for (int j = 0; j < k; j++) assertThat(out[2 * j]).isNotEqualTo(left);
            }
        }
    }

    /** RFC 2018 §4: the first block holds the newest segment; blocks reported before come next, most recent first. */
    @Test
    void newestBlockFirstThenTheRecentlyReported() {
        ReceiveQueue q = new ReceiveQueue();
        long[] out = new long[8];
        q.add(100, Message.zeros(10));
        q.add(300, Message.zeros(10));
        assertThat(q.sackBlocks(out, 4)).isEqualTo(2);
        assertThat(out).startsWith(300, 310, 100, 110);
        q.add(200, Message.zeros(10));
        assertThat(q.sackBlocks(out, 4)).isEqualTo(3);
        assertThat(out).startsWith(200, 210, 300, 310, 100, 110);
        q.add(110, Message.zeros(20));                   // grows the block at 100
        assertThat(q.sackBlocks(out, 4)).isEqualTo(3);
        assertThat(out).startsWith(100, 130, 200, 210, 300, 310);
    }

    /**
     * One hole below a window of 100,000 held segments: storing each and reporting SACK blocks after
     * each cost O(log n), so this ends in well under a second (it took hours when both scanned the
     * held segments: O(n²) per ACK).
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void oneHoleBelowAHugeWindowStaysCheap() {
        ReceiveQueue q = new ReceiveQueue();
        long[] out = new long[8];
        int n = 100_000, mss = 1448;
        for (int i = 1; i <= n; i++) {
            q.add((long) i * mss, Message.zeros(mss));
            assertThat(q.sackBlocks(out, 3)).isEqualTo(1);
        }
        assertThat(out[0]).isEqualTo(mss);
        assertThat(out[1]).isEqualTo((n + 1L) * mss);
        assertThat(q.takeAt(0)).isNull();                // the hole: the connection accepts it, then drains the queue
        long taken = 0;
        for (Message m; (m = q.takeAt(mss + taken)) != null; ) taken += m.length();
        assertThat(taken).isEqualTo((long) n * mss);
        assertThat(q.isEmpty()).isTrue();
    }

    private static List<long[]> runs(boolean[] held) {
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < held.length; i++) {
            if (!held[i]) continue;
            int j = i;
            while (j < held.length && held[j]) j++;
            runs.add(new long[] {i, j});
            i = j;
        }
        return runs;
    }
}
