package elvis.app;

import java.util.List;

/**
 * One argument an application understands.
 *
 * @param choices the allowed values (lower case) when {@code kind} is {@link Kind#CHOICE}, else empty
 */
public record Param(String name, Kind kind, boolean required, List<String> choices) {

    public Param {
        choices = List.copyOf(choices);
    }

    public Param(String name, Kind kind, boolean required) {
        this(name, kind, required, List.of());
    }

    public static Param required(String name, Kind kind) {
        return new Param(name, kind, true);
    }

    public static Param optional(String name, Kind kind) {
        return new Param(name, kind, false);
    }

    public static Param choice(String name, boolean required, String... choices) {
        return new Param(name, Kind.CHOICE, required, List.of(choices));
    }
}
