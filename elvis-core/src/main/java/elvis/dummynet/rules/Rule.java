package elvis.dummynet.rules;

/**
 * One ipfw rule: its number (1..65535), an optional match probability, an action with its argument
 * (pipe, queue or skipto number) and the conditions of its body; counts the packets and bytes that
 * matched it.
 */
public final class Rule {
    final int number;
    final double probability;       // 1: always (no prob)
    final Action action;
    final int argument;
    final String target;            // PIPE, QUEUE: the engine's id ("10", or a name)
    final Match[] body;
    final String text;              // as written, for show output
    int skipIndex;                  // SKIPTO: index of the first rule numbered >= argument, set by RuleSet
    elvis.dummynet.Flowset flowset; // PIPE, QUEUE: the engine's object, looked up on first match
    long packets, bytes;

    Rule(int number, double probability, Action action, int argument, String target, Match[] body, String text) {
        this.number = number;
        this.probability = probability;
        this.action = action;
        this.argument = argument;
        this.target = target;
        this.body = body;
        this.text = text;
    }

    public int number() { return number; }
    public Action action() { return action; }
    /** The skipto number; 0 for other actions. */
    public int argument() { return argument; }

    /** The pipe or queue: a number "1".."65534" or a name; null for other actions. */
    public String target() { return target; }
    public long packets() { return packets; }
    public long bytes() { return bytes; }

    /** The rule as ipfw's show prints it, without counters: "00100 pipe 10 ip from any to any out dst-port 2000-3000". */
    @Override
    public String toString() { return String.format("%05d %s", number, text); }
}
