package elvis.ndl;

import java.util.List;
import java.util.Optional;

/**
 * A section {@code [Name key='value' ...]} of the syntax tree with its nested sections.
 *
 * @param complete false when a syntax error cut the argument list short; validation then
 *                 does not complain about arguments that may have been lost with it
 */
public record Node(String name, Pos pos, List<Arg> args, List<Node> children, boolean complete) {

    public Node {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    public Optional<Arg> arg(String key) {
        for (Arg a : args) {
            if (a.key().equals(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
