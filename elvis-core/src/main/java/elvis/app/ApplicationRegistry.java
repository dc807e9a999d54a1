package elvis.app;

import elvis.config.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The applications available by name: every {@link ApplicationFactory} on the class path. */
public final class ApplicationRegistry implements AppCatalog {
    private final Map<String, ApplicationFactory> byName = new TreeMap<>();

    private ApplicationRegistry() { }

    public static ApplicationRegistry load() {
        ApplicationRegistry r = new ApplicationRegistry();
        for (ApplicationFactory f : ServiceLoader.load(ApplicationFactory.class, ApplicationRegistry.class.getClassLoader())) {
            if (r.byName.putIfAbsent(f.name(), f) != null)
                throw new IllegalStateException("two applications are called '" + f.name() + "'");
        }
        return r;
    }

    @Override
    public ApplicationFactory factory(String name) { return byName.get(name); }

    @Override
    public Optional<Schema> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(ApplicationFactory::schema);
    }

    @Override
    public List<String> names() { return new ArrayList<>(byName.keySet()); }
}
