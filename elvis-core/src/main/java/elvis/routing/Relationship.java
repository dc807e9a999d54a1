package elvis.routing;

/**
 * What a BGP neighbour's autonomous system is to ours (Gao and Rexford's business relationships):
 * a CUSTOMER pays us for transit, a PEER exchanges its customers' routes with us for free, a
 * PROVIDER sells us transit. NONE: no relationship, no policy implied (iBGP, or a lab's plain session).
 */
public enum Relationship {
    CUSTOMER, PEER, PROVIDER, NONE;

    /** The same link seen from the other end. */
    public Relationship reverse() {
        return switch (this) {
            case CUSTOMER -> PROVIDER;
            case PROVIDER -> CUSTOMER;
            default -> this;
        };
    }
}
