package elvis.app;

import java.util.List;
import java.util.Optional;

/**
 * What an application accepts. Arguments not listed are still handed to the application.
 *
 * @param anyOf groups of argument names of which at least one must be given (e.g. {@code message} or {@code size})
 */
public record AppSignature(String name, List<Param> params, List<List<String>> anyOf) {

    public AppSignature {
        params = List.copyOf(params);
        anyOf = anyOf.stream().map(List::copyOf).toList();
    }

    public AppSignature(String name, List<Param> params) {
        this(name, params, List.of());
    }

    public Optional<Param> param(String key) {
        return params.stream().filter(p -> p.name().equals(key)).findFirst();
    }
}
