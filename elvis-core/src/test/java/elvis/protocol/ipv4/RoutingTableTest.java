package elvis.protocol.ipv4;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trie against a linear scan of a list kept in the order the tie rule describes. */
class RoutingTableTest {
    // A few prefixes that nest and collide: bases sharing high bits, lengths 0..32.
    private static final int[] BASES = {0x0A000000, 0x0A000100, 0x0A0001FF, 0x0A800000, 0xC0A80000, 0xC0A80001, 0x80000000, 0xFFFFFFFF};

    private static Route route(int op) {
        int base = BASES[(op >>> 3) & 7];
        int length = Math.floorMod(op >>> 6, 33);
        int gateway = (op >>> 12) & 3;                // few gateways: duplicates happen
        Origin origin = ((op >>> 14) & 1) == 0 ? Origin.STATIC : Origin.CONNECTED;
        return new Route(base & Ipv4Address.mask(length), length, gateway, null, origin);
    }

    /** The model: the route a linear scan picks, the first in list order among the longest, most preferred matches. */
    private static Route scan(List<Route> model, int dst) {
        Route best = null;
        for (Route r : model) {
            if (!r.matches(dst)) continue;
            if (best == null || r.length() > best.length()
                    || (r.length() == best.length() && r.origin().preference() < best.origin().preference())) best = r;
        }
        return best;
    }

    @Property(tries = 500)
    void longestPrefixMatchAgreesWithALinearScan(@ForAll @Size(max = 120) List<@IntRange(min = 0, max = 0x7FFF) Integer> ops,
                                                 @ForAll @Size(max = 40) List<Integer> destinations) {
        RoutingTable table = new RoutingTable();
        List<Route> model = new ArrayList<>();        // in insertion order; replace keeps the place
        int version = table.version();
        for (int op : ops) {
            Route r = route(op);
            switch (op & 3) {
                case 0, 1 -> {
                    table.add(r);
                    model.add(r);
                }
                case 2 -> {
                    int first = -1;
                    for (int i = 0; i < model.size(); i++) if (sameKey(model.get(i), r)) { first = i; break; }
                    if (first < 0) {
                        model.add(r);
                    } else {
                        model.set(first, r);
                        for (int i = model.size() - 1; i > first; i--) if (sameKey(model.get(i), r)) model.remove(i);
                    }
                    assertThat(table.replace(r)).isEqualTo(first >= 0);
                }
                default -> assertThat(table.remove(r)).isEqualTo(model.remove(r));
            }
            if (table.version() != version) version = table.version();
            assertThat(table.size()).isEqualTo(model.size());
            List<Integer> probes = new ArrayList<>(destinations);
            for (Route m : model) {
                probes.add(m.prefix());
                probes.add(m.prefix() | ~Ipv4Address.mask(m.length()));
                probes.add(m.prefix() ^ (m.length() == 0 ? 0 : 1 << (32 - m.length())));   // just outside
            }
            probes.add(op * 0x9E3779B9);
            for (int dst : probes) {
                Route expected = scan(model, dst);
                assertThat(table.lookup(dst)).as("lookup %s", Ipv4Address.format(dst)).isSameAs(expected);
                assertThat(table.cachedLookup(dst, 0)).as("cached %s", Ipv4Address.format(dst)).isSameAs(expected);
            }
        }
        List<Route> sorted = new ArrayList<>(model);
        sorted.sort(Comparator.comparingInt(Route::length).reversed().thenComparing(Route::prefix, Integer::compareUnsigned)
                .thenComparingInt(x -> x.origin().preference()));
        assertThat(table.routes()).containsExactlyElementsOf(sorted);
        for (Route m : model) {
            List<Route> same = sorted.stream().filter(x -> x.prefix() == m.prefix() && x.length() == m.length()).toList();
            assertThat(table.routesTo(m.prefix(), m.length())).containsExactlyElementsOf(same);
        }
        for (Route m : List.copyOf(model)) assertThat(table.remove(m)).isTrue();
        assertThat(table.size()).isZero();
        assertThat(table.routes()).isEmpty();
        assertThat(table.lookup(0x0A000001)).isNull();
    }

    private static boolean sameKey(Route a, Route b) {
        return a.prefix() == b.prefix() && a.length() == b.length() && a.origin() == b.origin();
    }

    @Test
    void staticIsPreferredToConnectedAtTheSamePrefixThenTheRouteAddedFirst() {
        RoutingTable table = new RoutingTable();
        Route connected = new Route(0x0A000000, 24, 0, null, Origin.CONNECTED);
        Route first = new Route(0x0A000000, 24, 0x0A000005, null, Origin.STATIC);
        Route second = new Route(0x0A000000, 24, 0x0A000006, null, Origin.STATIC);
        table.add(connected);
        assertThat(table.lookup(0x0A000007)).isSameAs(connected);
        table.add(first);
        table.add(second);
        assertThat(table.routesTo(0x0A000000, 24)).containsExactly(first, second, connected);
        assertThat(table.lookup(0x0A000007)).isSameAs(first);
        table.remove(first);
        assertThat(table.lookup(0x0A000007)).isSameAs(second);
        table.add(first);                              // back, but now after second
        assertThat(table.lookup(0x0A000007)).isSameAs(second);
        Route third = new Route(0x0A000000, 24, 0x0A000009, null, Origin.STATIC);
        assertThat(table.replace(third)).isTrue();     // both statics go; third takes second's place
        assertThat(table.routesTo(0x0A000000, 24)).containsExactly(third, connected);
        table.remove(third);
        assertThat(table.lookup(0x0A000007)).isSameAs(connected);
        assertThat(table.lookup(0x0A000107)).isNull();
    }

    @Test
    void everyChangeMovesTheVersionAndEmptiesTheForwardingCache() {
        RoutingTable table = new RoutingTable();
        Route wide = new Route(0x0A000000, 8, 1, null, Origin.STATIC);
        table.add(wide);
        int v = table.version();
        assertThat(table.cachedLookup(0x0A010203, 0)).isSameAs(wide);
        Route narrow = new Route(0x0A010200, 24, 2, null, Origin.STATIC);
        table.add(narrow);
        assertThat(table.version()).isGreaterThan(v);
        assertThat(table.cachedLookup(0x0A010203, 0)).isSameAs(narrow);
        v = table.version();
        table.remove(narrow);
        assertThat(table.version()).isGreaterThan(v);
        assertThat(table.cachedLookup(0x0A010203, 0)).isSameAs(wide);
        assertThat(table.remove(narrow)).isFalse();
    }

    @Test
    void aRouteMustBeAPrefix() {
        assertThatThrownBy(() -> new RoutingTable().add(new Route(0x0A000001, 24, 0, null, Origin.STATIC)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoutingTable().add(new Route(0, 33, 0, null, Origin.STATIC)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
