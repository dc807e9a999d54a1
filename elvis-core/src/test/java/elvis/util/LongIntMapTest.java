package elvis.util;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The primitive map against java.util.HashMap, under random puts and removals (dense keys collide a lot). */
class LongIntMapTest {
    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll @Size(max = 400) List<@IntRange(min = -40, max = 40) Integer> ops) {
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> model = new HashMap<>();
        int step = 0;
        for (int op : ops) {
            long key = Math.abs(op) * 0x1_0000_0000L + (op & 7);   // keys that share low bits
            if (op >= 0) {
                map.put(key, step);
                model.put(key, step);
            } else {
                assertThat(map.remove(key)).isEqualTo(model.remove(key) != null);
            }
            step++;
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (int k = -40; k <= 40; k++) {
            long key = Math.abs(k) * 0x1_0000_0000L + (k & 7);
            assertThat(map.get(key, -1)).isEqualTo(model.getOrDefault(key, -1));
            assertThat(map.containsKey(key)).isEqualTo(model.containsKey(key));
        }
    }
}
