package elvis.app;

import elvis.config.Schema;

import java.util.List;
import java.util.Optional;

/** The applications an NDL file may name, with the arguments each declares. */
public interface AppCatalog {

    Optional<Schema> find(String name);

    /** All application names, used to suggest the nearest one to a misspelling. */
    List<String> names();

    /**
     * The factory that makes the application called {@code name}, or null when this catalog only
     * describes schemas. The checker makes each application once with it, so that every argument
     * error a run would meet is reported by {@code check} too.
     */
    default ApplicationFactory factory(String name) {
        return null;
    }

    /** A catalog holding exactly the given schemas. */
    static AppCatalog of(List<Schema> schemas) {
        List<Schema> copy = List.copyOf(schemas);
        List<String> names = copy.stream().map(Schema::name).toList();
        return new AppCatalog() {
            @Override
            public Optional<Schema> find(String name) {
                return copy.stream().filter(s -> s.name().equals(name)).findFirst();
            }

            @Override
            public List<String> names() {
                return names;
            }
        };
    }
}
