package elvis.ndl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A section {@code [Name key='value' ...]} of the syntax tree with its nested sections.
 * Arguments past a few are indexed by key, so that lookups stay cheap however many a section has.
 */
public final class Node {

    private final String name;
    private final String file;                 // the position as numbers: a Pos each would cost 24 bytes more
    private final int line, col;
    private final List<Arg> args;
    private final Map<String, Arg> byKey;      // only past Parser.INDEXED arguments; fewer are searched
    private final List<Node> children;
    private final boolean complete;

    /**
     * @param complete false when a syntax error cut the argument list short; validation then
     *                 does not complain about arguments that may have been lost with it
     */
    public Node(String name, Pos pos, List<Arg> args, List<Node> children, boolean complete) {
        this.name = name;
        this.file = pos.file();
        this.line = pos.line();
        this.col = pos.col();
        this.args = List.copyOf(args);
        this.children = List.copyOf(children);
        this.complete = complete;
        this.byKey = this.args.size() > Parser.INDEXED ? new HashMap<>() : null;
        if (byKey != null) for (Arg a : this.args) byKey.putIfAbsent(a.key(), a);
    }

    public String name() {
        return name;
    }

    /** Position of the section name (just after the '['). */
    public Pos pos() {
        return new Pos(file, line, col);
    }

    /** Arguments in file order, keys unique. */
    public List<Arg> args() {
        return args;
    }

    public List<Node> children() {
        return children;
    }

    public boolean complete() {
        return complete;
    }

    public Optional<Arg> arg(String key) {
        if (byKey != null) return Optional.ofNullable(byKey.get(key));
        for (Arg a : args) if (a.key().equals(key)) return Optional.of(a);
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "[" + name + " " + args + "] at " + pos() + " with " + children.size() + " children";
    }
}
