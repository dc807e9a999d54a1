package elvis.util;

import java.util.Arrays;
import java.util.function.Function;

/**
 * State that higher layers keep with an object of a lower one (a machine, the kernel) without it
 * knowing their types: one instance per type, created on first use. Few exist per owner, so a
 * linear scan of a small array beats a map.
 */
public final class Extensions {
    private Object[] all = new Object[0];

    /** The instance of {@code type}, or null while none was made. */
    public <T> T find(Class<T> type) {
        for (Object e : all) if (type.isInstance(e)) return type.cast(e);
        return null;
    }

    /** {@code owner}'s instance of {@code type}, made by {@code create} on first use (a create that returns null makes none). */
    public <O, T> T get(Class<T> type, O owner, Function<? super O, T> create) {
        for (Object e : all) if (type.isInstance(e)) return type.cast(e);
        T e = create.apply(owner);
        if (e == null) return null;
        all = Arrays.copyOf(all, all.length + 1);
        all[all.length - 1] = e;
        return e;
    }
}
