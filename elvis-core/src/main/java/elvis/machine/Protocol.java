package elvis.machine;

/**
 * A protocol of a machine's x-Kernel graph, one instance per machine, made by its {@link StackSpec}.
 * A protocol demultiplexes what arrives from below to the right upper protocol or session and
 * counts what it discards by its own causes. Its methods run to completion within one kernel event.
 */
public abstract class Protocol {
    protected final Machine machine;

    protected Protocol(Machine machine) { this.machine = machine; }

    public Machine machine() { return machine; }

    /** Counts a discarded packet on this protocol's machine. */
    protected final void drop(DropCause cause) { machine.drop(cause); }
}
