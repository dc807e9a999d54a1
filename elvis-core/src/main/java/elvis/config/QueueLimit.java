package elvis.config;

/**
 * A queue's limit, as {@code queue='100'} (packets) or {@code queue='64KB'} (bytes) declares it.
 *
 * @param packets most packets waiting; 0 = no limit
 * @param bytes   most bytes waiting; 0 = no limit
 */
public record QueueLimit(int packets, long bytes) {
    public static final QueueLimit NONE = new QueueLimit(0, 0);

    public QueueLimit {
        if (packets < 0 || bytes < 0) throw new IllegalArgumentException("queue limit must not be negative");
    }

    public static QueueLimit packets(int n) { return new QueueLimit(n, 0); }

    public static QueueLimit bytes(long n) { return new QueueLimit(0, n); }
}
