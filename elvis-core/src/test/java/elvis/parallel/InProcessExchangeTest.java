package elvis.parallel;

import elvis.link.CutFrame;
import elvis.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessExchangeTest {
    /** Runs {@code body} for each partition on its own thread; returns what each threw (null when nothing). */
    private static List<Throwable> onThreads(List<Exchange> group, java.util.function.Consumer<Exchange> body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<Throwable>> thrown = new ArrayList<>();
        for (Exchange e : group) {
            AtomicReference<Throwable> t = new AtomicReference<>();
            thrown.add(t);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    body.accept(e);
                } catch (Throwable x) {
                    t.set(x);
                }
            }));
        }
        for (Thread t : threads) t.join();
        return thrown.stream().map(AtomicReference::get).toList();
    }

    @Test
    @Timeout(20)
    void framesGoToTheirPartitionAndValuesToAll() throws InterruptedException {
        for (int n : new int[] {1, 2, 3, 5}) {          // 5: more partitions than cores, so they block instead of spinning
            List<Exchange> group = InProcessExchange.group(n);
            List<Throwable> failures = onThreads(group, e -> {
                for (int r = 0; r < 200; r++) {
                    int round = r;
                    List<CutFrame> out = new ArrayList<>();
                    for (int to = 0; to < n; to++) if (to != e.partition()) out.add(new CutFrame(to, round, e.partition(), round, Message.ofUtf8("x"), -1));
                    List<CutFrame> in = e.exchange(out);
                    assertThat(in).hasSize(n - 1).allSatisfy(f -> {
                        assertThat(f.partition()).isEqualTo(e.partition());
                        assertThat(f.time()).isEqualTo(round);
                    });
                    assertThat(in.stream().mapToLong(CutFrame::key).sorted().toArray())
                            .containsExactly(java.util.stream.LongStream.range(0, n).filter(p -> p != e.partition()).toArray());
                    long[][] all = e.allGather(new long[] {e.partition() * 1000L + round, -round});
                    for (int p = 0; p < n; p++) assertThat(all[p]).containsExactly(p * 1000L + round, -round);
                }
                byte[][] gathered = e.gather(new byte[] {(byte) e.partition()});
                if (e.partition() == 0) for (int p = 0; p < n; p++) assertThat(gathered[p]).containsExactly((byte) p);
                else assertThat(gathered).isNull();
            });
            assertThat(failures).as(n + " partitions").containsOnlyNulls();
        }
    }

    /** A partition that fails releases the others from the barrier they wait at, and from every later one: never a hang. */
    @Test
    @Timeout(20)
    void anAbortEndsEveryPartitionsWaitWithTheReason() throws InterruptedException {
        List<Exchange> group = InProcessExchange.group(3);
        List<Throwable> failures = onThreads(group, e -> {
            if (e.partition() == 1) {
                e.allGather(new long[1]);
                e.abort("partition 1 failed: boom");
                return;
            }
            e.allGather(new long[1]);
            e.allGather(new long[1]);                 // partition 1 never comes
        });
        assertThat(failures.get(1)).isNull();
        for (int p : new int[] {0, 2}) assertThat(failures.get(p)).isInstanceOf(PartitionFailure.class).hasMessage("partition 1 failed: boom");
        assertThatThrownBy(() -> group.getFirst().allGather(new long[1])).isInstanceOf(PartitionFailure.class).hasMessage("partition 1 failed: boom");
    }
}
