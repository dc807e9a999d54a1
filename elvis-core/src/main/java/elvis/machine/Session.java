package elvis.machine;

import elvis.message.Message;

/** One conversation of a protocol: pushes messages down the graph towards a fixed peer. */
public interface Session {
    void push(Message message);
}
