package elvis.modnet;

/** How {@link ModulePair#yield} inserts modules next to the yielding one (ModNet's {@code modnet_yield}). */
public enum YieldOp {
    /** Between the module and its left neighbour (towards the application). */
    APPLY_LEFT,
    /** Between the module and its right neighbour (towards the network); also what an application asks for its own socket. */
    APPLY_RIGHT,
    /** In the module's place: it leaves the chain and its ends go to the new modules. */
    REPLACE
}
