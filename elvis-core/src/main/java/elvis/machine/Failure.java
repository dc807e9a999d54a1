package elvis.machine;

/**
 * Something that went wrong on a machine other than a packet it discarded: an application that
 * threw, or protocol code that threw (a bug of ours). Reported apart from drops, which are the
 * network working as modelled.
 *
 * @param kind    whose code failed
 * @param message what failed, on which machine, when, and the exception
 */
public record Failure(Kind kind, String message) {
    public enum Kind {
        /** An application threw; that application stops, the simulation goes on. */
        APPLICATION,
        /** Protocol code threw on a packet or timer; that work is dropped, the simulation goes on. */
        INTERNAL_ERROR
    }

    @Override
    public String toString() { return message; }
}
