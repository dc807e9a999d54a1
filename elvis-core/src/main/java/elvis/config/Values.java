package elvis.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value for each attribute of a schema, immutable. Components read their plain fields from it
 * once, when they are configured; nothing on a per-packet path looks values up here.
 */
public final class Values {
    private final Schema schema;
    private final Object[] values;

    Values(Schema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    public Schema schema() { return schema; }

    public <T> T get(Attribute<T> a) {
        return a.type().cast(values[index(a)]);
    }

    /** These values with {@code a} set to {@code value}; throws when the declaration does not allow it. */
    public <T> Values with(Attribute<T> a, T value) {
        int i = index(a);
        Object[] copy = values.clone();
        copy[i] = a.check(value);
        return new Values(schema, copy);
    }

    /** Name → value as a description would write it, in declaration order; attributes without value are left out. */
    public Map<String, String> echo() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) m.put(schema.attributes().get(i).name(), schema.attributes().get(i).format(values[i]));
        }
        return m;
    }

    private int index(Attribute<?> a) {
        int i = schema.indexOf(a);
        if (i < 0) throw new IllegalArgumentException(schema.name() + " has no attribute '" + a.name() + "'");
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Values v && v.schema.equals(schema) && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(values); }

    @Override
    public String toString() { return schema.name() + echo(); }
}
