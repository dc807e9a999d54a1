package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Map;

/**
 * An {@code [Application]}.
 *
 * @param args   every argument except {@code name}, as written, in file order
 * @param values  the arguments the catalog declares, checked and converted
 * @param modules the ModNet modules applied to this application alone ({@code modules='a,b'})
 */
public record AppSpec(String name, Map<String, String> args, Map<String, ArgValue> values, Pos pos, java.util.List<String> modules) {

    public AppSpec {
        args = OrderedMap.copyOf(args);
        values = OrderedMap.copyOf(values);
        modules = java.util.List.copyOf(modules);
    }

    /** An application that applies no modules. */
    public AppSpec(String name, Map<String, String> args, Map<String, ArgValue> values, Pos pos) {
        this(name, args, values, pos, java.util.List.of());
    }
}
