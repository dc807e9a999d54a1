package elvis.live;

import java.util.List;

/**
 * The host side of an emulation, through iproute2: network namespaces, moving a TAP device into
 * one, addresses, routes, links up, and commands run inside a namespace. Everything it creates is
 * removed by {@link #close}, in reverse order, also when the JVM exits on Ctrl-C (a shutdown hook)
 * or after an error; what it did not create it never removes.
 *
 * <p>STEP-0 SKELETON (signatures fixed; the tap part fills the bodies).
 */
public final class HostSetup implements AutoCloseable {
    public HostSetup() { throw new UnsupportedOperationException("step 0"); }

    /**
     * Why the host cannot be set up ("needs CAP_NET_ADMIN: run as root", "ip (iproute2) is not
     * installed"), or null when it can.
     */
    public static String unavailable() { throw new UnsupportedOperationException("step 0"); }

    /** Creates network namespace {@code name} (with its loopback up); removed on close. */
    public void namespace(String name) throws LiveException { throw new UnsupportedOperationException("step 0"); }

    /** Moves link {@code device} into namespace {@code ns} and brings it up there. */
    public void moveLink(String device, String ns) throws LiveException { throw new UnsupportedOperationException("step 0"); }

    /** Adds address {@code cidr} ("10.0.0.100/24") to {@code device} in {@code ns} (null: this namespace) and brings it up. */
    public void address(String ns, String device, String cidr) throws LiveException { throw new UnsupportedOperationException("step 0"); }

    /** Adds a route to {@code prefix} ("default" or "10.1.0.0/16") via {@code gateway} in {@code ns} (null: this namespace). */
    public void route(String ns, String prefix, String gateway) throws LiveException { throw new UnsupportedOperationException("step 0"); }

    /** The command line that runs {@code command} inside {@code ns} ({@code ip netns exec NS ...}), for printing and for ProcessBuilder. */
    public static List<String> inNamespace(String ns, String... command) { throw new UnsupportedOperationException("step 0"); }

    /** Undoes everything this set-up created, newest first; idempotent. */
    @Override
    public void close() { throw new UnsupportedOperationException("step 0"); }
}
