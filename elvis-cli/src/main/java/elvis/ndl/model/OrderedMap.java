package elvis.ndl.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map in insertion order, held in two arrays and searched in order: an application's
 * few arguments cost a few dozen bytes instead of the few hundred of a LinkedHashMap, which matters
 * in a file of a million [Application] lines. Larger maps stay LinkedHashMaps, for their lookups.
 */
final class OrderedMap<K, V> extends AbstractMap<K, V> {
    private static final int SMALL = 16;
    private final Object[] keys, values;

    private OrderedMap(Object[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        if (map.size() > SMALL) return Collections.unmodifiableMap(new LinkedHashMap<>(map));
        Object[] k = new Object[map.size()], v = new Object[map.size()];
        int i = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new OrderedMap<>(k, v);
    }

    @Override
    public int size() { return keys.length; }

    @Override
    public boolean containsKey(Object key) { return indexOf(key) >= 0; }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) if (keys[i].equals(key)) return i;
        return -1;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() { return keys.length; }

            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    int next;

                    @Override
                    public boolean hasNext() { return next < keys.length; }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<K, V> next() {
                        if (next >= keys.length) throw new NoSuchElementException();
                        int i = next++;
                        return new SimpleImmutableEntry<>((K) keys[i], (V) values[i]);
                    }
                };
            }
        };
    }
}
