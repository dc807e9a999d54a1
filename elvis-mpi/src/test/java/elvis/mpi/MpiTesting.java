package elvis.mpi;

/** What the mains run under mpirun by the tests need of the transport's package. */
public final class MpiTesting {
    private MpiTesting() { }

    /** The transport, sending each neighbour's buffer in two messages when it is longer than {@code firstPart}. */
    public static MpiExchange start(int firstPart) { return MpiExchange.start(firstPart); }

    public static long secondParts(MpiExchange exchange) { return exchange.secondParts(); }
}
