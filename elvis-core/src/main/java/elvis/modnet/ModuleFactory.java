package elvis.modnet;

import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.sim.RandomStream;

/**
 * Makes one type of module from its parameters, as {@link elvis.app.ApplicationFactory} does for
 * applications: found with {@link java.util.ServiceLoader} (listed in
 * META-INF/services/elvis.modnet.ModuleFactory), so elvis-web adds module types without touching the
 * description language. Its {@link #schema} declares the parameters ({@code [Module name='z'
 * type='gzip' level='6']}), for validation, suggestions and the docs/ndl.md tables.
 */
public interface ModuleFactory {
    /** The type name descriptions use and the parameters understood. */
    Schema schema();

    default String type() { return schema().name(); }

    /** Creates the module registered as {@code context.name()}; throws {@link Arguments.ArgumentException} naming the parameter at fault. */
    Module create(Arguments args, Context context);

    /** What a module may ask of the simulation being built. */
    interface Context {
        /** The name the module is registered under. */
        String name();

        /** The module's own seeded random stream (every draw must come from one). */
        RandomStream random();
    }
}
