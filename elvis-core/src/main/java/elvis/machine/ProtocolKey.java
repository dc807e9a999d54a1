package elvis.machine;

/**
 * Names one protocol of a {@link StackSpec} and its type, so a machine hands it out typed:
 * {@code machine.protocol(Ipv4.KEY)}. Keys are compared by identity; each protocol class declares one.
 */
public final class ProtocolKey<T> {
    private final String name;
    private final Class<T> type;

    public ProtocolKey(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    public String name() { return name; }

    public Class<T> type() { return type; }

    @Override
    public String toString() { return name; }
}
