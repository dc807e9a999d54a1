package elvis.link;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The index alone: ports join and leave key lists in any order, and the lists stay ascending and exact. */
class FloodIndexTest {
    /** A receiver whose answer a test sets: null wants every broadcast. */
    static final class Receiver implements FrameReceiver {
        long[] keys = {};
        @Override public void receive(elvis.message.Message frame, long fcs) { }
        @Override public String name() { return "r"; }
        @Override public boolean floodInterest(FloodInterest sink) {
            if (keys == null) return false;
            for (long k : keys) sink.want(k);
            return true;
        }
    }

    static List<Integer> live(FloodIndex index, long key) {
        List<Integer> out = new ArrayList<>();
        int[] a = index.ports(key);
        for (int i = 0; i < index.count(key); i++) if (a[i] >= 0) out.add(a[i]);
        return out;
    }

    @Test
    void portsJoinAndLeaveInAnyOrderAndTheListsStayAscending() {
        FloodIndex index = new FloodIndex();
        Receiver[] r = new Receiver[1000];
        long k = FloodKey.udpPort(68), other = FloodKey.address(7);
        for (int p = 0; p < r.length; p++) {
            r[p] = new Receiver();
            r[p].keys = new long[] {k};
            index.refresh(p, r[p]);
        }
        assertThat(live(index, k)).hasSize(1000);
        for (int p = 0; p < 1000; p += 2) {           // every other one leaves, in order: marked, then compacted
            r[p].keys = new long[] {other};
            index.refresh(p, r[p]);
        }
        List<Integer> odd = new ArrayList<>();
        for (int p = 1; p < 1000; p += 2) odd.add(p);
        assertThat(live(index, k)).isEqualTo(odd);
        assertThat(index.count(k)).isLessThanOrEqualTo(1000);
        for (int p = 998; p >= 0; p -= 2) {           // and come back, from the top: inserted in place
            r[p].keys = new long[] {k, other};
            index.refresh(p, r[p]);
        }
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < 1000; p++) all.add(p);
        assertThat(live(index, k)).isEqualTo(all);
        assertThat(live(index, other)).hasSize(500);
        r[500].keys = null;                            // wants everything
        index.refresh(500, r[500]);
        assertThat(live(index, FloodKey.EVERY_PORT)).containsExactly(500);
        assertThat(live(index, k)).doesNotContain(500);
        assertThat(index.wants(500, FloodKey.ARP_ANY)).isTrue();
        r[500].keys = new long[] {};
        index.refresh(500, r[500]);
        assertThat(live(index, FloodKey.EVERY_PORT)).isEmpty();
        assertThat(index.wants(500, k)).isFalse();
        for (int p = 0; p < 1000; p++) {               // everyone leaves: the list empties
            r[p].keys = new long[] {};
            index.refresh(p, r[p]);
        }
        assertThat(live(index, k)).isEmpty();
        assertThat(index.count(k)).isLessThanOrEqualTo(1);
    }
}
