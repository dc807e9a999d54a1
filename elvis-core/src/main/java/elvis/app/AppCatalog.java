package elvis.app;

import java.util.List;
import java.util.Optional;

/** The applications an NDL file may name, with the arguments each understands. */
public interface AppCatalog {

    Optional<AppSignature> find(String name);

    /** All application names, used to suggest the nearest one to a misspelling. */
    List<String> names();

    /**
     * The factory that makes the application called {@code name}, or null when this catalog only
     * describes signatures. The checker makes each application once with it, so that every argument
     * error a run would meet is reported by {@code check} too.
     */
    default ApplicationFactory factory(String name) {
        return null;
    }

    /** A catalog holding exactly the given signatures. */
    static AppCatalog of(List<AppSignature> signatures) {
        List<AppSignature> copy = List.copyOf(signatures);
        List<String> names = copy.stream().map(AppSignature::name).toList();
        return new AppCatalog() {
            @Override
            public Optional<AppSignature> find(String name) {
                return copy.stream().filter(s -> s.name().equals(name)).findFirst();
            }

            @Override
            public List<String> names() {
                return names;
            }
        };
    }
}
