package elvis.protocol.tcp;

import elvis.machine.Machine;

/**
 * A machine's ECN events (RFC 3168), made on the first one: most machines never see ECN and pay
 * nothing. {@code ceReceived}: data segments that arrived marked CE; {@code eceReactions}: times a
 * sender reduced its window on ECE.
 */
public final class EcnCounters {
    long ceReceived, eceReactions;

    static EcnCounters of(Machine m) { return m.extension(EcnCounters.class, x -> new EcnCounters()); }

    /** The machine's counters, or null when it never saw ECN. */
    public static EcnCounters existing(Machine m) { return m.existingExtension(EcnCounters.class); }

    public long ceReceived() { return ceReceived; }
    public long eceReactions() { return eceReactions; }
}
