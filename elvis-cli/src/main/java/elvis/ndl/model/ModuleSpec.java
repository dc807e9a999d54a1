package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Map;

/**
 * A top-level {@code [Module name='...' type='...' ...]}: a ModNet module registered for the run under
 * {@code name}, made by the module type's factory from {@code args} (every argument but name and type).
 */
public record ModuleSpec(String name, String type, Map<String, String> args, Pos pos) {

    public ModuleSpec {
        args = OrderedMap.copyOf(args);
    }
}
