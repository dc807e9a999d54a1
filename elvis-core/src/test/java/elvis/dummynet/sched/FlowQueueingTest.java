package elvis.dummynet.sched;

import elvis.dummynet.aqm.CoDel;
import elvis.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8290's flow queueing, standalone: new flows first, DRR among old ones, the limit, CoDel per flow. */
class FlowQueueingTest {
    static final long MS = 1_000_000;

    @Test
    void aNewFlowGoesAheadOfABacklogAndThenTakesItsTurn() {
        FlowQueueing fq = FlowQueueing.fqCodel();
        RingFlow bulk = new RingFlow(1), sparse = new RingFlow(1);
        fq.attach(bulk);
        fq.attach(sparse);
        Message[] b = new Message[10];
        for (int i = 0; i < b.length; i++) fq.enqueue(bulk, b[i] = Message.zeros(1500), 0);
        assertThat(fq.dequeue(0)).isSameAs(b[0]);
        Message ping = Message.zeros(84);
        fq.enqueue(sparse, ping, 0);
        // bulk, a new flow too, still has 14 bytes of its 1,514-byte quantum: it sends once more
        assertThat(fq.dequeue(0)).isSameAs(b[1]);
        assertThat(fq.dequeue(0)).as("then the new flow, ahead of the backlog").isSameAs(ping);
        assertThat(fq.dequeue(0)).isSameAs(b[2]);
        assertThat(fq.backlog()).isEqualTo(7);
    }

    @Test
    void oldFlowsShareByQuantum() {
        FlowQueueing fq = new FlowQueueing(3000, FlowQueueing.DEFAULT_LIMIT, FlowQueueing.DEFAULT_FLOWS, CoDel.DEFAULT);
        RingFlow big = new RingFlow(1), small = new RingFlow(1);
        fq.attach(big);
        fq.attach(small);
        for (int i = 0; i < 300; i++) {
            fq.enqueue(big, Message.zeros(1500), 0);
            fq.enqueue(small, Message.zeros(100), 0);
        }
        long bigBytes = 0, smallBytes = 0;
        for (int i = 0; i < 200; i++) {
            Message m = fq.dequeue(0);
            if (m.length() == 1500) bigBytes += 1500;
            else smallBytes += 100;
        }
        // byte fairness: the 100-byte flow sends 15 packets per 1,500-byte one, within a quantum
        assertThat((double) smallBytes / bigBytes).isBetween(0.8, 1.25);
    }

    @Test
    void overTheLimitTheFattestFlowLosesFromItsHead() {
        FlowQueueing fq = new FlowQueueing(1514, 20, 1024, CoDel.DEFAULT);
        RingFlow fat = new RingFlow(1), thin = new RingFlow(1);
        fq.attach(fat);
        fq.attach(thin);
        Message first = Message.zeros(1500);
        fq.enqueue(fat, first, 0);
        for (int i = 0; i < 17; i++) fq.enqueue(fat, Message.zeros(1500), 0);
        for (int i = 0; i < 3; i++) fq.enqueue(thin, Message.zeros(100), 0);   // the 21st packet
        assertThat(thin.dropped()).isZero();
        assertThat(fat.dropped()).as("half the fat flow's 18 packets").isEqualTo(9);
        assertThat(fq.backlog()).isEqualTo(12);
        assertThat(fq.dequeue(0)).as("its head went first").isNotSameAs(first);
    }

    @Test
    void coDelDropsFromAFlowWhoseSojournStaysAboveTarget() {
        FlowQueueing fq = FlowQueueing.fqCodel();
        RingFlow f = new RingFlow(1);
        fq.attach(f);
        for (int i = 0; i < 40; i++) fq.enqueue(f, Message.zeros(1500), 0);
        // one packet per 10 ms: sojourn grows past 5 ms at once; after 100 ms above target CoDel drops
        long t = 0;
        for (int i = 0; i < 9; i++) fq.dequeue(t += 10 * MS);
        assertThat(f.dropped()).as("within the first interval").isZero();
        for (int i = 0; i < 5; i++) fq.dequeue(t += 10 * MS);
        assertThat(f.dropped()).as("after an interval above target").isPositive();
    }

    /** An IPv4 header and payload of {@code length} bytes with the ECN field {@code ecn}. */
    static Message ipv4(int length, int ecn) {
        byte[] b = new byte[length];
        b[0] = 0x45;
        b[1] = (byte) ecn;
        b[2] = (byte) (length >>> 8);
        b[3] = (byte) length;
        b[8] = 64;
        b[9] = 17;
        return Message.wrap(b);
    }

    /** With ECN on, CoDel marks ECN-capable packets instead of dropping them, and still drops the others (RFC 3168). */
    @Test
    void withEcnCoDelMarksWhatCanCarryCeAndDropsTheRest() {
        FlowQueueing fq = new FlowQueueing(1514, 10240, 1024, new CoDel(CoDel.DEFAULT_TARGET_NS, CoDel.DEFAULT_INTERVAL_NS, true));
        RingFlow ect = new RingFlow(1), notEct = new RingFlow(1);
        fq.attach(ect);
        fq.attach(notEct);
        for (int i = 0; i < 60; i++) {
            fq.enqueue(ect, ipv4(1500, 2), 0);      // ECT(0)
            fq.enqueue(notEct, ipv4(1500, 0), 0);   // Not-ECT
        }
        int ce = 0;
        for (long t = 10 * MS; t <= 600 * MS; t += 10 * MS) {
            Message m = fq.dequeue(t);
            if (m != null && (m.u8(1) & 3) == 3) ce++;
        }
        assertThat(ect.dropped()).as("ECN-capable: marked, never dropped").isZero();
        assertThat(ect.marked()).isPositive();
        assertThat(ce).as("marked packets leave with CE").isEqualTo((int) ect.marked());
        assertThat(notEct.dropped()).as("not ECN-capable: dropped").isPositive();
        assertThat(notEct.marked()).isZero();
    }

    @Test
    void badParametersAreRefusedByName() {
        assertThatThrownBy(() -> new FlowQueueing(0, 10, 10, CoDel.DEFAULT)).hasMessageContaining("quantum");
        assertThatThrownBy(() -> new FlowQueueing(1514, 0, 10, CoDel.DEFAULT)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new FlowQueueing(1514, 10, 0, CoDel.DEFAULT)).hasMessageContaining("flows");
        assertThatThrownBy(() -> new Drr(10)).hasMessageContaining("quantum");
        assertThatThrownBy(() -> new Qfq(0)).hasMessageContaining("maxlen");
        assertThatThrownBy(() -> new Qfq().attach(new RingFlow(65537))).hasMessageContaining("weight");
        assertThatThrownBy(() -> new RingFlow(0)).hasMessageContaining("weight");
    }
}
