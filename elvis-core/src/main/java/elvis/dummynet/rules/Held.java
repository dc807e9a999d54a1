package elvis.dummynet.rules;

import elvis.message.Message;
import elvis.protocol.ipv4.Ipv4;
import elvis.protocol.ipv4.Ipv4Interface;

/**
 * Where a datagram a pipe holds goes on when the pipe lets it go: back into its machine's IPv4 on
 * the way in, or out of the interface it was leaving by. Not filtered again (one_pass).
 */
public final class Held {
    private final Ipv4 ipv4;
    private final boolean out;
    private final Ipv4Interface in, xmit;
    private final int nextHop;

    Held(Ipv4 ipv4, boolean out, Ipv4Interface in, Ipv4Interface xmit, int nextHop) {
        this.ipv4 = ipv4;
        this.out = out;
        this.in = in;
        this.xmit = xmit;
        this.nextHop = nextHop;
    }

    /** True for a datagram held on its way out. */
    public boolean out() { return out; }

    /** The pipe is done with {@code packet}: it goes on where it was going. */
    public void release(Message packet) {
        if (out) ipv4.reinjectOutput(packet, xmit, nextHop, in);
        else ipv4.reinjectInput(packet, in);
    }
}
