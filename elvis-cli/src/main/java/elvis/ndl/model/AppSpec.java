package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Map;

/**
 * An {@code [Application]}.
 *
 * @param args   every argument except {@code name}, as written, in file order
 * @param values the arguments the catalog declares, checked and converted
 */
public record AppSpec(String name, Map<String, String> args, Map<String, ArgValue> values, Pos pos) {

    public AppSpec {
        args = OrderedMap.copyOf(args);
        values = OrderedMap.copyOf(values);
    }
}
