package elvis.dummynet.rules;

/** What a matching rule does (ipfw(8) actions we model). */
public enum Action {
    /** Pass the packet to dummynet pipe N; with one_pass on, it is not filtered again after it. */
    PIPE("pipe"),
    /** Pass the packet to dummynet queue (flow set) N. */
    QUEUE("queue"),
    /** Let the packet go on ({@code allow}, {@code accept}, {@code pass}, {@code permit}). */
    ALLOW("allow"),
    /** Drop the packet ({@code deny}, {@code drop}). */
    DENY("deny"),
    /** Count the packet and go on with the next rule. */
    COUNT("count"),
    /** Go on with the first rule numbered N or more. */
    SKIPTO("skipto");

    final String keyword;

    Action(String keyword) { this.keyword = keyword; }

    public String keyword() { return keyword; }
}
