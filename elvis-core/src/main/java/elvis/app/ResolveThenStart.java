package elvis.app;

import elvis.config.Arguments;
import elvis.machine.Application;
import elvis.machine.Machine;
import elvis.protocol.dns.StubResolver;
import elvis.protocol.ipv4.Ipv4Address;
import elvis.socket.Errno;
import elvis.socket.ErrnoException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application whose destinations are names to look up in DNS: when it starts, it resolves each
 * through the machine's {@link StubResolver}, then makes the application with the addresses found
 * and starts it (so its own times count from then). A name that does not resolve fails it on its
 * machine with getaddrinfo's error (EAI_NONAME, EAI_AGAIN).
 */
public final class ResolveThenStart implements Application {
    private final ApplicationFactory factory;
    private final Map<String, String> args;
    private final List<String> names;           // the argument keys whose values are looked up
    private final ApplicationFactory.Context context;
    private Application app;
    private String error;
    private long startedAtNs = -1;

    public ResolveThenStart(ApplicationFactory factory, Arguments args, List<String> names, ApplicationFactory.Context context) {
        this.factory = factory;
        this.args = new LinkedHashMap<>();
        for (String k : args.keys()) this.args.put(k, args.string(k));
        this.names = List.copyOf(names);
        this.context = context;
    }

    @Override
    public String name() { return app != null ? app.name() : factory.name(); }

    @Override
    public void start(Machine machine) { resolve(machine, 0); }

    private void resolve(Machine machine, int next) {
        if (next == names.size()) {
            app = factory.create(new Arguments(args), context);
            elvis.cpu.Cpu.sameAccount(machine, this, app);     // its priority was given to this wrapper
            startedAtNs = machine.sim().now();
            app.start(machine);
            return;
        }
        String key = names.get(next), name = args.get(key);
        StubResolver.of(machine).resolve(name, this, (outcome, address) -> {
            if (outcome == StubResolver.Outcome.RESOLVED) {
                args.put(key, Ipv4Address.format(address));
                resolve(machine, next + 1);
                return;
            }
            Errno errno = outcome == StubResolver.Outcome.NXDOMAIN || outcome == StubResolver.Outcome.NODATA ? Errno.EAI_NONAME : Errno.EAI_AGAIN;
            error = "could not resolve '" + name + "': " + errno + " (" + errno.text() + ")";
            machine.fail(this, new ErrnoException(errno, "getaddrinfo '" + name + "'"));
        });
    }

    /** The application made once its names resolved, or null until then (or when one did not). */
    public Application application() { return app; }

    @Override
    public boolean hasGoal() { return app == null || app.hasGoal(); }

    @Override
    public boolean goalMet() { return app != null && app.goalMet(); }

    @Override
    public long finishedAtNs() {
        // Not before it started: some applications count their end from time 0, not knowing they started late.
        long end = app == null ? -1 : app.finishedAtNs();
        return end < 0 ? -1 : Math.max(end, startedAtNs);
    }

    @Override
    public String summary() {
        if (app != null) return app.summary();
        return error != null ? error : "resolving " + String.join(", ", names.stream().map(args::get).toList());
    }

    @Override
    public Map<String, Object> results() { return app == null ? Map.of() : app.results(); }
}
