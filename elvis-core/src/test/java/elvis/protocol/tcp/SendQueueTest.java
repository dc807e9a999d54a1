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

    /**
     * Truncating the tail (a yank) interleaved with appends, releases and slices: the queue always holds
     * exactly the model stream's [base, end), whatever chunk a cut falls in.
     */
    @Property(tries = 200)
    void truncatedTailsAreForgottenAndAppendsFollowTheCut(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] model = new byte[0];
        SendQueue q = new SendQueue();
        long base = 0;
        for (int step = 0; step < 300; step++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] chunk = new byte[1 + random.nextInt(400)];
                    random.nextBytes(chunk);
                    q.add(Message.wrap(chunk));
                    model = java.util.Arrays.copyOf(model, model.length + chunk.length);
                    System.arraycopy(chunk, 0, model, model.length - chunk.length, chunk.length);
                }
                case 1 -> {
                    long cut = base + random.nextInt((int) (model.length - base) + 1);
                    q.truncate(cut);
                    model = java.util.Arrays.copyOf(model, (int) cut);
                }
                case 2 -> {
                    base += random.nextInt((int) (model.length - base) + 1);
                    q.release(base);
                }
                default -> {
                    if (model.length == base) continue;
                    long from = base + random.nextInt((int) (model.length - base));
                    int len = 1 + random.nextInt((int) Math.min(1500, model.length - from));
                    assertThat(q.slice(from, len).toByteArray())
                            .isEqualTo(java.util.Arrays.copyOfRange(model, (int) from, (int) from + len));
                }
            }
            assertThat(q.end()).isEqualTo(model.length);
            assertThat(q.base()).isEqualTo(base);
        }
        if (q.size() > 0) assertThat(q.slice(base, (int) q.size()).toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(model, (int) base, model.length));
    }
}
