package elvis.dummynet.aqm.ipfw;

import elvis.dummynet.Aqm;
import elvis.dummynet.FlowQueue;
import elvis.dummynet.QueueConfig;
import elvis.dummynet.aqm.AqmConfig;
import elvis.dummynet.aqm.AqmController;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.dummynet.aqm.Red;

/**
 * An {@link AqmConfig} as dummynet's per-queue AQM: one {@link AqmController} per flow queue, drawing
 * from the queue's seeded stream. Every packet is offered as ECN-capable: the controller says MARK
 * when ECN is on, and the queue drops a packet that cannot carry CE instead (RFC 3168 §5). RED's
 * thresholds are in bytes when the queue's limit is. RED's idle-time decay needs the link's rate,
 * which the hook does not give: on dummynet queues the average does not decay while the queue is
 * idle (a known difference from dummynet, which decays it by the pipe's rate).
 */
public record DummynetAqm(AqmConfig config) implements Aqm {
    @Override
    public String name() {
        return switch (config) {
            case Red r -> r.gentle() ? "gred" : "red";
            case CoDel c -> "codel";
            case Pie p -> "pie";
        };
    }

    @Override
    public Controller newController(QueueConfig queue) {
        AqmConfig c = config;
        if (c instanceof Red r && r.bytes() != queue.bytes() > 0) c = new Red(r.wq(), r.minTh(), r.maxTh(), r.maxP(), r.gentle(), r.ecn(), queue.bytes() > 0);
        return new Adapter(c);
    }

    @Override public String toString() { return config.describe(); }

    /** Made per queue; the controller itself waits for the queue's random stream, asked for on first use. */
    private static final class Adapter implements Controller {
        private final AqmConfig config;
        private AqmController aqm;

        Adapter(AqmConfig config) { this.config = config; }

        private AqmController aqm(FlowQueue q) {
            // made at the queue's first packet; the line's rate then paces RED's idle decay (a traced line: its rate at that time)
            if (aqm == null) aqm = config.newController(q.random(), q.lineBitsPerSecond());
            return aqm;
        }

        @Override
        public int onEnqueue(FlowQueue queue, int bytes, long now) {
            return aqm(queue).enqueue(now, queue.length(), queue.bytes(), bytes, true);
        }

        @Override
        public int onDequeue(FlowQueue queue, int bytes, long sojournNs, long now) {
            AqmController c = aqm(queue);
            int verdict = c.dequeue(now, sojournNs, queue.length(), queue.bytes(), bytes, true);
            if (verdict == DROP && queue.length() == 0) c.empty(now);    // the core will not ask again
            return verdict;
        }
    }
}
