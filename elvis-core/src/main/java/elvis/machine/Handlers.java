package elvis.machine;

import java.util.Arrays;

/**
 * Receivers registered on one machine by number (an EtherType, an IP protocol number), beyond those
 * its stack lists: rare, so a protocol holds none until the first is registered.
 */
public final class Handlers<T> {
    private int[] numbers = new int[0];
    private Object[] handlers = new Object[0];

    /** Adds {@code handler} for {@code number}; false when the number already has one. */
    public boolean add(int number, T handler) {
        if (find(number) != null) return false;
        numbers = Arrays.copyOf(numbers, numbers.length + 1);
        handlers = Arrays.copyOf(handlers, handlers.length + 1);
        numbers[numbers.length - 1] = number;
        handlers[handlers.length - 1] = handler;
        return true;
    }

    /** The handler for {@code number}, or null. */
    @SuppressWarnings("unchecked")
    public T find(int number) {
        for (int i = 0; i < numbers.length; i++) if (numbers[i] == number) return (T) handlers[i];
        return null;
    }
}
