package elvis.app;

import elvis.config.Arguments;
import elvis.config.Schema;
import elvis.machine.Application;

/**
 * Makes one kind of application from its arguments. Implementations are found with
 * {@link java.util.ServiceLoader} (listed in META-INF/services/elvis.app.ApplicationFactory), so a
 * user adds an application in Java without touching the description language's parser.
 */
public interface ApplicationFactory {
    /** The name descriptions use and the arguments understood, for validation, suggestions and docs. */
    Schema schema();

    default String name() { return schema().name(); }

    /**
     * Creates the application for one machine instance; throws {@link Arguments.ArgumentException}
     * naming the argument at fault.
     */
    Application create(Arguments args, Context context);

    /** What an application may ask of the simulation being built. */
    interface Context {
        /** The IPv4 address of a machine given by name (instance or group), or the address itself; -1 if none. */
        int resolve(String machineOrAddress);

        /** The address the argument {@code key} names; an error naming {@code key} when it names nothing. */
        /** The file an argument names: relative paths are relative to the description's directory. */
        default java.nio.file.Path file(String name) { return java.nio.file.Path.of(name); }

        /** A context that resolves names with {@code resolve} and relative files against {@code directory}. */
        static Context of(java.util.function.ToIntFunction<String> resolve, java.nio.file.Path directory) {
            return new Context() {
                @Override public int resolve(String machineOrAddress) { return resolve.applyAsInt(machineOrAddress); }
                @Override public java.nio.file.Path file(String name) { return directory.resolve(name); }
            };
        }

        default int destination(Arguments a, String key) {
            int ip = resolve(a.string(key));
            if (ip == -1) throw new Arguments.ArgumentException(key, "'" + a.string(key) + "' names no machine");
            return ip;
        }
    }
}
