package elvis.protocol.tcp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender's SACK scoreboard (RFC 6675 §3) against a byte map, for every query the recovery code asks. */
class ScoreboardTest {
    private static final int SPACE = 300, SMSS = 10;

    @Property(tries = 300)
    void agreesWithAByteModel(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = SPACE * 40 - 1) Integer> ops) {
        Scoreboard sb = new Scoreboard();
        boolean[] sacked = new boolean[SPACE + 40];
        int una = 0;
        for (int op : ops) {
            int start = op % SPACE, len = op / SPACE;
            if (len == 0) {                              // a cumulative ACK
                una = Math.max(una, start);
                sb.ackedTo(una);
                for (int i = 0; i < una; i++) sacked[i] = false;
            } else {
                long before = count(sacked, 0, sacked.length);
                for (int i = start; i < start + len; i++) sacked[i] = true;
                assertThat(sb.add(start, start + len)).isEqualTo(count(sacked, 0, sacked.length) - before);
            }
            check(sb, sacked);
        }
    }

    private static void check(Scoreboard sb, boolean[] s) {
        int top = s.length;
        assertThat(sb.sackedBytes()).isEqualTo(count(s, 0, top));
        assertThat(sb.isEmpty()).isEqualTo(count(s, 0, top) == 0);
        int highest = 0;
        for (int i = 0; i < top; i++) if (s[i]) highest = i + 1;
        assertThat(sb.highest()).isEqualTo(highest);
        for (int off = 0; off <= top; off++) {
            int o = off;
            assertThat(sb.isSacked(off)).isEqualTo(off < top && s[off]);
            int skip = off;
            while (skip < top && s[skip]) skip++;
            assertThat(sb.skipSacked(off)).as("skipSacked(%d)", o).isEqualTo(skip);
            // the first SACKed offset above off that starts a range, else the limit
            int firstAbove = top;
            for (int i = off + 1; i < top; i++) if (s[i] && !s[i - 1]) { firstAbove = i; break; }
            assertThat(sb.nextSacked(off, top)).as("nextSacked(%d)", o).isEqualTo(firstAbove);
            int endBelow = 0;
            for (int i = 1; i <= off; i++) if (s[i - 1] && (i == top || !s[i])) endBelow = i;
            assertThat(sb.sackedEndBelow(off)).as("sackedEndBelow(%d)", o).isEqualTo(endBelow);
            int unsackedEnd = off;
            while (unsackedEnd > 0 && s[unsackedEnd - 1]) unsackedEnd--;
            assertThat(sb.highestUnsackedEnd(off)).as("highestUnsackedEnd(%d)", o).isEqualTo(unsackedEnd);
            for (int to = off; to <= top; to += 7) assertThat(sb.unsackedBetween(off, to)).isEqualTo(to - off - count(s, off, to));
        }
        // IsLost (RFC 6675 §4): below the returned offset, an unSACKed octet has DupThresh ranges or
        // more than (DupThresh − 1)·SMSS SACKed bytes above it.
        long lost = sb.lostBelow(SMSS);
        for (int off = 0; off < top; off++) {
            if (s[off]) continue;
            int ranges = 0;
            for (int i = off + 1; i < top; i++) if (s[i] && !s[i - 1]) ranges++;
            boolean isLost = ranges >= Scoreboard.DUP_THRESH || count(s, off, top) > (Scoreboard.DUP_THRESH - 1L) * SMSS;
            assertThat(off < lost).as("IsLost(%d)", off).isEqualTo(isLost);
        }
    }

    private static long count(boolean[] s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) if (s[i]) n++;
        return n;
    }
}
