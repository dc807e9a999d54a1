package elvis.dummynet.aqm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CoDel's state machine against RFC 8289: when it starts dropping, the control law, when it stops, ECN. */
class CoDelTest {
    static final long MS = 1_000_000;

    /**
     * Dequeues one packet per 0.1 ms whose sojourn is {@code sojournMs} while the clock is before
     * {@code untilMs}, with 100 KB waiting, and returns the times (in 0.1 ms) of the drops or marks.
     */
    static List<Long> verdictTimes(AqmController c, long sojournMs, long fromTenths, long untilTenths, int verdict, boolean ect) {
        List<Long> times = new ArrayList<>();
        for (long t = fromTenths; t < untilTenths; t++) {
            int v;
            while ((v = c.dequeue(t * MS / 10, sojournMs * MS, 60, 100_000, 1500, ect)) == AqmController.DROP) {
                if (verdict == AqmController.DROP) times.add(t);
            }
            if (v == AqmController.MARK && verdict == AqmController.MARK) times.add(t);
        }
        return times;
    }

    @Test
    void dropsAfterAnIntervalAboveTargetThenByTheControlLaw() {
        AqmController c = CoDel.DEFAULT.newController(null, 0);
        // Above target from t = 0: the first drop at 100 ms, then at intervals of 100/√count ms:
        // 100, 200, 270.71, 328.44, 378.44, 423.16, 463.99, 501.79 (each rounded up to the 0.1 ms clock).
        List<Long> drops = verdictTimes(c, 20, 0, 5100, AqmController.DROP, false);
        assertThat(drops).containsExactly(1000L, 2000L, 2708L, 3285L, 3785L, 4232L, 4640L, 5018L);
    }

    @Test
    void leavesTheDroppingStateWhenTheSojournFallsBelowTarget() {
        AqmController c = CoDel.DEFAULT.newController(null, 0);
        assertThat(verdictTimes(c, 20, 0, 2500, AqmController.DROP, false)).hasSize(2);
        assertThat(verdictTimes(c, 4, 2500, 6000, AqmController.DROP, false)).isEmpty();
        // Back above target within 16 intervals of the last drop: after one more interval, the drop
        // rate resumes near where it was (count = count - lastcount = 1 here, so the law restarts).
        List<Long> again = verdictTimes(c, 20, 6000, 9000, AqmController.DROP, false);
        assertThat(again.getFirst()).isEqualTo(7000L);
    }

    @Test
    void noDropWhileLessThanAPacketWaits() {
        AqmController c = CoDel.DEFAULT.newController(null, 0);
        for (long t = 0; t < 5000; t++) assertThat(c.dequeue(t * MS / 10, 50 * MS, 1, 1000, 1500, false)).isEqualTo(AqmController.PASS);
    }

    @Test
    void ecnMarksAtTheDropTimesAndDropsNothing() {
        AqmController c = new CoDel(CoDel.DEFAULT_TARGET_NS, CoDel.DEFAULT_INTERVAL_NS, true).newController(null, 0);
        assertThat(verdictTimes(c, 20, 0, 5100, AqmController.MARK, true)).containsExactly(1000L, 2000L, 2708L, 3285L, 3785L, 4232L, 4640L, 5018L);
        AqmController d = new CoDel(CoDel.DEFAULT_TARGET_NS, CoDel.DEFAULT_INTERVAL_NS, true).newController(null, 0);
        assertThat(verdictTimes(d, 20, 0, 5100, AqmController.DROP, true)).isEmpty();
    }
}
