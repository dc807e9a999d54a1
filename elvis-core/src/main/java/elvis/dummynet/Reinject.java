package elvis.dummynet;

import elvis.message.Message;

/**
 * Where the dummynet engine gives a packet back after its pipe (the rules part's continuation: the
 * IPv4 layer's input or output path after the rule, or a bridge's forwarding). One long-lived
 * object per hook, never one per packet: what the hook needs to resume (direction, interface,
 * rule number) travels in {@code meta}, which the engine stores with the packet and returns as is.
 */
@FunctionalInterface
public interface Reinject {
    /**
     * {@code packet} (the one handed to {@link Dummynet#divert}, or a copy with a bit flipped or CE
     * set) leaves its pipe now; {@code meta} is the value given with it.
     */
    void reinject(Message packet, long meta);
}
