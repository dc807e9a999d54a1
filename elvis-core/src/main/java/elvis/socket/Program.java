package elvis.socket;

/** The straight-line code of a process; it blocks only through its {@link Process} and sockets. */
@FunctionalInterface
public interface Program {
    void run(Process self) throws Exception;
}
