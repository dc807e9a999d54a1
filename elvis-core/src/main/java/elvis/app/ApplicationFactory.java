package elvis.app;

import elvis.machine.Application;

import java.util.List;

/**
 * Makes one kind of application from its arguments. Implementations are found with
 * {@link java.util.ServiceLoader} (listed in META-INF/services/elvis.app.ApplicationFactory), so a
 * user adds an application in Java without touching the description language's parser.
 */
public interface ApplicationFactory {
    /** The name descriptions use, e.g. "capture". */
    String name();

    /** The arguments it understands, for validation, suggestions and documentation. */
    List<Parameter> parameters();

    /**
     * Creates the application for one machine instance; throws {@link Arguments.ArgumentException}
     * naming the argument at fault.
     */
    Application create(Arguments args, Context context);

    /** What an application may ask of the simulation being built. */
    interface Context {
        /** The IPv4 address of a machine given by name (instance or group), or the address itself; -1 if none. */
        int resolve(String machineOrAddress);

        /** The first IPv4 address of the machine the application runs on. */
        int ownAddress();
    }

    /** One argument: its name, kind and whether it must be given. */
    record Parameter(String name, Kind kind, boolean required, String description) { }

    enum Kind { STRING, INTEGER, PORT, IPV4, DESTINATION, DURATION, SIZE, BOOLEAN, CHOICE }
}
