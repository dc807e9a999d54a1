package elvis.web.modnet;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Content-defined chunking: seeded slice here, the full campaign with -Dfuzz.chunker=N (cases). */
class ChunkerTest {
    static final int CASES = Integer.getInteger("fuzz.chunker", 40);

    /** Boundary offsets of {@code data} read in pieces of the given sizes (cycled). */
    static List<Integer> boundaries(byte[] data, int min, int avg, int max, int... pieces) {
        Chunker c = new Chunker(min, avg, max);
        List<Integer> out = new ArrayList<>();
        int at = 0, chunkStart = 0, k = 0;
        while (at < data.length) {
            int end = Math.min(data.length, at + pieces[k++ % pieces.length]);
            int from = at;
            while (from < end) {
                int n = c.next(data, from, end);
                if (n < 0) break;
                from += n;
                out.add(from);
                assertThat(from - chunkStart).isBetween(min, max);
                chunkStart = from;
            }
            at = end;
        }
        return out;
    }

    static byte[] random(RandomStream r, int n, boolean text) {
        byte[] b = new byte[n];
        String alphabet = "abcdefghij <>/=\"\n0123456789";
        for (int i = 0; i < n; i++) b[i] = text ? (byte) alphabet.charAt((int) r.nextLong(alphabet.length())) : (byte) r.nextLong(256);
        return b;
    }

    @Test
    void fuzzReassemblyIsExactAndBoundariesDoNotDependOnReads() {
        for (int i = 0; i < CASES; i++) {
            RandomStream r = RandomStream.forEntity(i, "chunker");
            byte[] data = random(r, 1 + (int) r.nextLong(300_000), r.chance(0.5));
            int min = 48 + (int) r.nextLong(2000), avg = min + 1 + (int) r.nextLong(8000), max = avg + (int) r.nextLong(20000);
            List<Integer> whole = boundaries(data, min, avg, max, data.length);
            List<Integer> pieces = boundaries(data, min, avg, max, 1 + (int) r.nextLong(5000), 1, 1 + (int) r.nextLong(70));
            assertThat(pieces).as("case %d", i).isEqualTo(whole);
            // Chunks put back together are the data (the last chunk is what follows the last boundary).
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            int from = 0;
            for (int b : whole) {
                again.write(data, from, b - from);
                from = b;
            }
            again.write(data, from, data.length - from);
            assertThat(again.toByteArray()).isEqualTo(data);
        }
    }

    @Test
    void fuzzAnInsertionMovesOnlyNearbyBoundaries() {
        for (int i = 0; i < CASES; i++) {
            RandomStream r = RandomStream.forEntity(i, "chunker/insert");
            byte[] data = random(r, 200_000, r.chance(0.5));
            int at = (int) r.nextLong(data.length), k = 1 + (int) r.nextLong(300);
            byte[] changed = new byte[data.length + k];
            System.arraycopy(data, 0, changed, 0, at);
            System.arraycopy(random(r, k, false), 0, changed, at, k);
            System.arraycopy(data, at, changed, at + k, data.length - at);
            List<Integer> before = boundaries(data, 1024, 4096, 16384, data.length);
            List<Integer> after = boundaries(changed, 1024, 4096, 16384, changed.length);
            Set<Integer> shifted = new HashSet<>();
            for (int b : after) shifted.add(b < at ? b : b - k);
            long lost = before.stream().filter(b -> !shifted.contains(b)).count();
            // Those before the insertion stay; after it the chunking falls back in step within a chunk or two.
            assertThat(before.stream().filter(b -> b <= at).toList()).as("case %d", i).isSubsetOf(shifted);
            assertThat(lost).as("case %d: insertion of %d at %d", i, k, at).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void averageChunkIsNearTheTarget() {
        byte[] data = random(RandomStream.forEntity(9, "avg"), 4_000_000, false);
        List<Integer> b = boundaries(data, 1024, 4096, 16384, data.length);
        double mean = data.length / (double) b.size();
        assertThat(mean).isBetween(3600.0, 4600.0);
        assertThatThrownBy(() -> new Chunker(10, 4096, 16384)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunker(1024, 1024, 16384)).isInstanceOf(IllegalArgumentException.class);
    }
}
