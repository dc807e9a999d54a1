package elvis.routing.bgp;

import elvis.sim.Simulator;

import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * One simulation's shared {@link PathAttributes}: every speaker interns what it receives and builds,
 * so equal attribute sets are one object however many routers and routes hold them. Weak, so sets
 * no route uses any more are collected; identity never decides anything, so results do not depend
 * on when they are.
 */
public final class BgpAttributeCache {
    private final WeakHashMap<PathAttributes, WeakReference<PathAttributes>> table = new WeakHashMap<>();

    public static BgpAttributeCache of(Simulator sim) { return sim.extension(BgpAttributeCache.class, s -> new BgpAttributeCache()); }

    /** The shared instance equal to {@code a}. */
    public PathAttributes intern(PathAttributes a) {
        WeakReference<PathAttributes> ref = table.get(a);
        PathAttributes shared = ref == null ? null : ref.get();
        if (shared != null) return shared;
        table.put(a, new WeakReference<>(a));
        return a;
    }

    public int size() { return table.size(); }
}
