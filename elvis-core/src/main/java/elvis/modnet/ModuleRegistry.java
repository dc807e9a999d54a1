package elvis.modnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The module types available by name: every {@link ModuleFactory} on the class path. */
public final class ModuleRegistry {
    private final Map<String, ModuleFactory> byType = new TreeMap<>();

    private ModuleRegistry() { }

    public static ModuleRegistry load() {
        ModuleRegistry r = new ModuleRegistry();
        for (ModuleFactory f : ServiceLoader.load(ModuleFactory.class, ModuleRegistry.class.getClassLoader())) {
            if (r.byType.putIfAbsent(f.type(), f) != null)
                throw new IllegalStateException("two module types are called '" + f.type() + "'");
        }
        return r;
    }

    /** The factory of {@code type}, or null. */
    public ModuleFactory factory(String type) { return byType.get(type); }

    /** All type names, sorted (for suggestions and docs). */
    public List<String> types() { return new ArrayList<>(byType.keySet()); }
}
