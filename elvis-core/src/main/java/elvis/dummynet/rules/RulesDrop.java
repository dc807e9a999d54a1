package elvis.dummynet.rules;

import elvis.machine.DropCause;

/** What the ipfw classifier discards. */
public enum RulesDrop implements DropCause {
    /** A {@code deny} rule matched (the default rule included, when it denies). */
    IPFW_DENY("denied by an ipfw rule"),
    /** A pipe or queue rule matched on a machine whose simulation has no dummynet engine. */
    NO_DUMMYNET("pipe or queue rule without a dummynet engine");

    private final String description;

    RulesDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
