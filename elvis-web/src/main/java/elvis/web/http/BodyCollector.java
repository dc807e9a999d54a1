package elvis.web.http;

import elvis.message.Message;
import java.util.Arrays;

/** Body parts collected until a message ends, joined in one table (not one concat per part). */
final class BodyCollector {
    private Message[] parts = new Message[4];
    private int count;

    void add(Message part) {
        if (count == parts.length) parts = Arrays.copyOf(parts, count * 2);
        parts[count++] = part;
    }

    boolean isEmpty() { return count == 0; }

    void clear() {
        Arrays.fill(parts, 0, count, null);
        count = 0;
    }

    /** The parts as one message; empties the collector. */
    Message take() {
        Message m = count == 1 ? parts[0] : Message.concat(parts, count);
        clear();
        return m;
    }
}
