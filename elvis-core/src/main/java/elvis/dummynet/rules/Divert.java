package elvis.dummynet.rules;

import elvis.message.Message;

/**
 * Where the pipe and queue actions hand packets: the dummynet engine. It takes the datagram into
 * pipe or queue {@code number} and later gives it back with {@link Held#release}, or drops it.
 */
public interface Divert {
    /** Takes {@code packet} into pipe ({@code queue} false) or queue {@code number}; {@code held} says where it goes on. */
    void divert(boolean queue, int number, Message packet, Held held);
}
