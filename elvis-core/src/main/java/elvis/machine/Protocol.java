package elvis.machine;

/**
 * A protocol of a machine's x-Kernel graph. A protocol demultiplexes what arrives from below to
 * the right upper protocol or session; a session (one per conversation) pushes messages down.
 * Protocols are plain objects whose methods run to completion within one kernel event.
 */
public abstract class Protocol {
    protected final Machine machine;

    protected Protocol(Machine machine) { this.machine = machine; }

    public Machine machine() { return machine; }
}
