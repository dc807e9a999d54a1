package elvis.machine;

import elvis.message.Message;

/**
 * Something that owes an application a call (a wake-up, an event-API callback) that protocol code
 * may not make itself: protocol code deposits data and readiness in the owner's state and
 * {@link Upcalls#mark marks} it; the kernel's {@link Upcalls} drain runs it later in the same instant,
 * outside protocol code. An owner marked again before it runs is not queued twice.
 */
public abstract class Upcall {
    boolean marked;                  // queued in its kernel's Upcalls, not run yet

    /** The machine whose application this serves: a throwing application fails there alone. */
    protected abstract Machine machine();

    /** The application it calls, or null for code that is no application's (its failure is then an internal error). */
    protected abstract Application application();

    /** Runs what was deposited since it was marked. */
    protected void run() { }

    /** Runs one datagram {@link Upcalls#post posted} for it ({@code address}, {@code port}: its source). */
    protected void run(Message data, int address, int port) { }
}
