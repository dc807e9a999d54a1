package elvis.protocol.tcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The congestion controls available by name: every {@link CongestionControlFactory} on the class path,
 * in class-path order and, within one service file, in the file's order (the core's: reno, newreno,
 * cubic). Loaded once.
 */
public final class CongestionControlRegistry {
    private CongestionControlRegistry() { }

    private static final class Loaded {
        static final Map<String, CongestionControlFactory> BY_NAME = load();

        private static Map<String, CongestionControlFactory> load() {
            Map<String, CongestionControlFactory> m = new LinkedHashMap<>();
            for (CongestionControlFactory f : ServiceLoader.load(CongestionControlFactory.class,
                    CongestionControlFactory.class.getClassLoader())) {
                if (m.putIfAbsent(f.name(), f) != null)
                    throw new IllegalStateException("two congestion controls are called '" + f.name() + "'");
            }
            return m;
        }
    }

    /** The names, in registration order. */
    public static List<String> names() { return new ArrayList<>(Loaded.BY_NAME.keySet()); }

    public static boolean exists(String name) { return Loaded.BY_NAME.containsKey(name); }

    /** A new controller called {@code name}; IllegalArgumentException listing the valid names if there is none. */
    public static CongestionControl create(String name, int smss) {
        CongestionControlFactory f = Loaded.BY_NAME.get(name);
        if (f == null) throw unknown(name);
        return f.create(smss);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown congestion control '" + name + "' (" + String.join(", ", names()) + ")");
    }
}
