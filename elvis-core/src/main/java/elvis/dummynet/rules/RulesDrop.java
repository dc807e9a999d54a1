package elvis.dummynet.rules;

import elvis.machine.DropCause;

/** What the ipfw classifier discards. */
public enum RulesDrop implements DropCause {
    /** A {@code deny} rule matched (the default rule included, when it denies). */
    IPFW_DENY("denied by an ipfw rule"),
    /** A pipe or queue rule matched, but the simulation's dummynet declares no such pipe or queue. */
    NO_PIPE("the rule's pipe or queue is not declared");

    private final String description;

    RulesDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
