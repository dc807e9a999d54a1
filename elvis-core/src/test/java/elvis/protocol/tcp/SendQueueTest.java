package elvis.protocol.tcp;

import elvis.message.Message;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The send queue against the byte stream it holds: slices anywhere (sequential sends, retransmissions far below) and releases. */
class SendQueueTest {
    @Property(tries = 200)
    void slicesAreTheStreamsBytes(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 300) Integer> chunks,
                                  @ForAll long seed) {
        Random random = new Random(seed);
        byte[] stream = new byte[chunks.stream().mapToInt(Integer::intValue).sum()];
        random.nextBytes(stream);
        SendQueue q = new SendQueue();
        int at = 0;
        for (int n : chunks) {
            q.add(Message.wrap(stream, at, n));
            at += n;
        }
        long base = 0;
        for (int step = 0; step < 200 && base < stream.length; step++) {
            if (random.nextInt(8) == 0) {
                base += random.nextInt((int) (stream.length - base) + 1);
                q.release(base);
                assertThat(q.base()).isEqualTo(base);
                if (base == stream.length) break;
            }
            long from = base + random.nextInt((int) (stream.length - base));
            int len = 1 + random.nextInt((int) Math.min(1500, stream.length - from));
            byte[] got = q.slice(from, len).toByteArray();
            for (int i = 0; i < len; i++) assertThat(got[i]).as("byte %d", from + i).isEqualTo(stream[(int) from + i]);
        }
    }
}
