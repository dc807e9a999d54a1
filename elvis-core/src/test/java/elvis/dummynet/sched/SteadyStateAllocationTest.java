package elvis.dummynet.sched;

import elvis.message.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No allocation per packet in steady state: once the flows' rings and the heaps have grown, a
 * million packets through each scheduler (one sent, one arriving at a random flow) allocate nothing.
 */
class SteadyStateAllocationTest {
    @ParameterizedTest
    @ValueSource(strings = {"rr", "wf2q+", "qfq", "fq_codel"})
    void aMillionPacketsAllocateNothing(String name) {
        FlowScheduler s = switch (name) {
            case "rr" -> new Drr();
            case "wf2q+" -> new Wf2qPlus();
            case "qfq" -> new Qfq();
            default -> FlowQueueing.fqCodel();
        };
        int flows = 1000;
        RingFlow[] all = new RingFlow[flows];
        for (int i = 0; i < flows; i++) s.attach(all[i] = new RingFlow(1 + i % 100));
        Message[] packets = new Message[16];
        for (int i = 0; i < packets.length; i++) packets[i] = Message.zeros(64 + i * 95);
        long[] rnd = {42};
        Runnable arrive = () -> {
            rnd[0] = rnd[0] * 6364136223846793005L + 1442695040888963407L;
            s.enqueue(all[(int) ((rnd[0] >>> 33) % flows)], packets[(int) (rnd[0] >>> 60)], 0);
        };
        for (int i = 0; i < 2 * flows; i++) arrive.run();
        for (int i = 0; i < 1_000_000; i++) {    // warm-up: rings and heaps reach their size, the JIT compiles
            s.dequeue(0);
            arrive.run();
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) {
            s.dequeue(0);
            arrive.run();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // a ring that doubles late is the only allocation left; a per-packet one would be >= 16 MB
        assertThat(allocated).as("bytes allocated by a million packets through %s", name).isLessThan(64 * 1024);
    }
}
