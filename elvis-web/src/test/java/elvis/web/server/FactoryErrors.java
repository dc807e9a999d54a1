package elvis.web.server;

import elvis.app.ApplicationFactory;
import elvis.config.Arguments;

/** What a factory's argument error says: the key it names and its message. */
final class FactoryErrors {
    private FactoryErrors() { }

    static Arguments.ArgumentException error(ApplicationFactory f, ApplicationFactory.Context ctx, String... keyValues) {
        try {
            f.create(Arguments.of(keyValues), ctx);
        } catch (Arguments.ArgumentException e) {
            return e;
        }
        throw new AssertionError("no error for " + String.join(" ", keyValues));
    }

    static String key(ApplicationFactory f, ApplicationFactory.Context ctx, String... keyValues) { return error(f, ctx, keyValues).key(); }

    static String message(ApplicationFactory f, ApplicationFactory.Context ctx, String... keyValues) { return error(f, ctx, keyValues).getMessage(); }
}
