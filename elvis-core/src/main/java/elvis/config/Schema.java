package elvis.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The attributes of one component, in declaration order: a link, TCP, an application. Descriptions
 * are checked against it, documentation tables and the results' configuration echo are made from it.
 * A component declares each attribute once, through a {@link Builder} whose {@code add} returns the
 * attribute, so the declaration is also the schema entry.
 *
 * @param name       what the component is called in messages and documentation ("link", "TCP", "send_message")
 * @param attributes in declaration order, names unique
 * @param anyOf      groups of attribute names of which at least one must be given (an application's
 *                   {@code message} or {@code size})
 */
public record Schema(String name, List<Attribute<?>> attributes, List<List<String>> anyOf) {

    public Schema {
        attributes = List.copyOf(attributes);
        anyOf = anyOf.stream().map(List::copyOf).toList();
        for (int i = 0; i < attributes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (attributes.get(i).name().equals(attributes.get(j).name()))
                    throw new IllegalArgumentException(name + " declares '" + attributes.get(i).name() + "' twice");
            }
        }
    }

    public Schema(String name, List<Attribute<?>> attributes) {
        this(name, attributes, List.of());
    }

    public static Builder builder(String name) { return new Builder(name); }

    /** This schema with more attributes after its own: how a component or a test extends another's. */
    public Schema plus(Attribute<?>... more) {
        List<Attribute<?>> all = new ArrayList<>(attributes);
        all.addAll(List.of(more));
        return new Schema(name, all, anyOf);
    }

    public Optional<Attribute<?>> find(String key) {
        for (Attribute<?> a : attributes) if (a.name().equals(key)) return Optional.of(a);
        return Optional.empty();
    }

    public List<String> names() { return attributes.stream().map(Attribute::name).toList(); }

    /** Position of {@code a} (the declared object itself), or -1. */
    int indexOf(Attribute<?> a) {
        for (int i = 0; i < attributes.size(); i++) if (attributes.get(i) == a) return i;
        return -1;
    }

    /** True when every attribute of {@code base} is one of this schema's (the same declaration). */
    public boolean includes(Schema base) {
        return base.attributes.stream().allMatch(a -> indexOf(a) >= 0);
    }

    /** Every attribute at its default (attributes without one hold null). */
    public Values defaults() {
        Object[] values = new Object[attributes.size()];
        for (int i = 0; i < values.length; i++) values[i] = attributes.get(i).defaultValue();
        return new Values(this, values);
    }

    /** Collects a component's declarations; each {@code add} returns its attribute for a constant. */
    public static final class Builder {
        private final String name;
        private final List<Attribute<?>> attributes = new ArrayList<>();

        private Builder(String name) { this.name = name; }

        public <T> Attribute<T> add(Attribute<T> a) {
            if (a.doc().isEmpty()) throw new IllegalArgumentException(name + "'s attribute '" + a.name() + "' needs a line of documentation");
            attributes.add(a);
            return a;
        }

        public Schema build() { return new Schema(name, attributes); }
    }
}
