package elvis.ndl.model;

import elvis.ndl.Pos;

/**
 * A [Network]'s bridge to a TAP device ({@code tap='elvis0'}) and what {@code elvis emulate} sets up on
 * the host's side of it (docs/live.md).
 *
 * @param device  the TAP device's name
 * @param netns   the network namespace to create and move the device into, or null: it stays where it is
 * @param address the device's address and prefix ({@code 10.0.0.100/24}), or null: none is set
 * @param gateway the namespace's default route's next hop, or null: no route is added
 * @param pos     where the {@code tap} key is written
 */
public record TapSpec(String device, String netns, Cidr address, Ipv4 gateway, Pos pos) {
    /** An interface address with its prefix length. */
    public record Cidr(Ipv4 address, int prefix) {
        @Override public String toString() { return address + "/" + prefix; }
    }
}
