package elvis.protocol.arp;

import elvis.sim.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory's answers, recent lookups cached or not, are always the current bindings. */
class NeighborDirectoryTest {
    @Test
    void lookupsFollowAddsRemovesAndRebindings() {
        NeighborDirectory directory = new NeighborDirectory();
        assertThat(directory.lookup(0)).isEqualTo(-1);          // the empty cache answers for no address, not even 0.0.0.0
        directory.add(0, 0x0200_0000_0001L);
        assertThat(directory.lookup(0)).isEqualTo(0x0200_0000_0001L);
        directory.add(7, 0x0200_0000_0007L);
        assertThat(directory.lookup(7)).isEqualTo(0x0200_0000_0007L);
        assertThat(directory.lookup(0)).isEqualTo(0x0200_0000_0001L);
        directory.remove(7, 0x0200_0000_0007L);                 // looked up just before: still answered from the cache's slot
        assertThat(directory.lookup(7)).isEqualTo(-1);
        directory.add(7, 0x0200_0000_0070L);                    // rebound to another interface
        assertThat(directory.lookup(7)).isEqualTo(0x0200_0000_0070L);
        directory.remove(7, 0x0200_0000_0007L);                 // not its binding any more: kept
        assertThat(directory.lookup(7)).isEqualTo(0x0200_0000_0070L);
    }

    @Test
    void randomOperationsAgreeWithAMap() {
        NeighborDirectory directory = new NeighborDirectory();
        Map<Integer, Long> model = new HashMap<>();
        RandomStream random = new RandomStream(13);
        for (int i = 0; i < 200_000; i++) {
            int ip = (int) random.nextLong(12) - 1;             // a few addresses (-1 is 255.255.255.255), so the cache is hit and missed
            long mac = 0x0200_0000_0000L + random.nextLong(4);
            switch ((int) random.nextLong(4)) {
                case 0 -> { directory.add(ip, mac); model.put(ip, mac); }
                case 1 -> { directory.remove(ip, mac); if (model.get(ip) != null && model.get(ip) == mac) model.remove(ip); }
                default -> assertThat(directory.lookup(ip)).as("step %d, address %d", i, ip).isEqualTo(model.getOrDefault(ip, -1L));
            }
        }
    }
}
