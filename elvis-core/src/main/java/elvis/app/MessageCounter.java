package elvis.app;

import elvis.machine.Application;
import elvis.message.Message;

/**
 * What the message-counting applications share: a goal of {@code expected} messages, where only
 * messages equal to an expected payload (when one is given) count and the others are reported apart.
 */
abstract class MessageCounter implements Application {
    private final long expected;
    private final Message expectedPayload;   // null = any content counts
    private long received, mismatched, finishedAtNs = -1;

    MessageCounter(long expected, Message expectedPayload) {
        if (expected < 0) throw new IllegalArgumentException("expected count must not be negative");
        this.expected = expected;
        this.expectedPayload = expectedPayload;
    }

    /** Counts one message arriving at {@code now}; returns whether it counted towards the goal. */
    final boolean count(Message message, long now) {
        if (expectedPayload != null && !expectedPayload.contentEquals(message)) {
            mismatched++;
            return false;
        }
        if (++received == expected) finishedAtNs = now;
        return true;
    }

    /** When the goal was reached. */
    @Override
    public final long finishedAtNs() { return finishedAtNs; }

    public final long received() { return received; }

    public final long mismatched() { return mismatched; }

    @Override
    public final boolean hasGoal() { return true; }

    @Override
    public final boolean goalMet() { return received >= expected; }

    @Override
    public String summary() {
        String goal = received > expected ? ", goal " + expected : " of " + expected;   // "950 of 900" would read as a typo
        return "received " + received + goal + (mismatched > 0 ? " (" + mismatched + " with other content)" : "");
    }
}
