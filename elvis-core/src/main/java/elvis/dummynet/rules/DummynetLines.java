package elvis.dummynet.rules;

import elvis.dummynet.Dummynet;
import elvis.dummynet.IpfwConfig;

/**
 * The one place where ipfw's {@code pipe|queue|sched N config ...} lines reach the dummynet engine:
 * they go to the engine's parser ({@link IpfwConfig}) without the {@code ipfw}/{@code -q} prefix and
 * the comment, and its errors come back at their column in the whole line.
 */
public final class DummynetLines implements Ipfw.ObjectConfig {
    private final Dummynet engine;
    private final IpfwConfig.Extensions extensions;

    private DummynetLines(Dummynet engine, IpfwConfig.Extensions extensions) {
        this.engine = engine;
        this.extensions = extensions;
    }

    /** Lines for {@code engine}, without delay profiles and with drop-tail queues only. */
    public static DummynetLines of(Dummynet engine) { return new DummynetLines(engine, IpfwConfig.Extensions.NONE); }

    /** Lines for {@code engine}; {@code extensions} read delay profile files and AQM parameters. */
    public static DummynetLines of(Dummynet engine, IpfwConfig.Extensions extensions) { return new DummynetLines(engine, extensions); }

    @Override
    public void configure(String line, int column) {
        String text = line.substring(column, new Ipfw.Tokens(line).textEnd());
        try {
            IpfwConfig.apply(engine, text, "", 1, extensions);
        } catch (IpfwConfig.Error e) {
            String located = ":1:" + e.column() + ": ";
            String message = e.getMessage().startsWith(located) ? e.getMessage().substring(located.length()) : e.getMessage();
            throw new IpfwError(1, column + e.column(), message);
        } catch (IllegalArgumentException | IllegalStateException e) {   // the engine refused the object as a whole
            throw new IpfwError(1, column + 1, e.getMessage());
        }
    }
}
