package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Map;

/**
 * A top-level {@code [Module name='...' type='...' ...]}: a ModNet module registered for the run under
 * {@code name}, made by the module type's factory from {@code args} (every argument but name, type and
 * priority). {@code priority} is its CPU weight on machines that declare cores, 0 when not given.
 */
public record ModuleSpec(String name, String type, Map<String, String> args, int priority, Pos pos) {

    public ModuleSpec {
        args = OrderedMap.copyOf(args);
    }
}
