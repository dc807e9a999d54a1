package elvis.machine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The protocol graph of a group of machines, as configuration (the x-Kernel's graph; ns-3's
 * {@code RegisterProtocolHandler}): which protocols a machine has, how each is made, when, and
 * which lower protocol hands it what (an EtherType under Ethernet, a protocol number under IPv4).
 * Immutable and shared by every machine built from it, so a machine pays only for the protocol
 * instances it made. The first protocol receives the machines' devices' frames ({@link DeviceUpper}).
 * <pre>{@code
 * StackSpec.builder()
 *     .add(Ethernet.KEY, Ethernet::new, Creation.EAGER)
 *     .add(Ipv4.KEY, Ipv4::new, Creation.EAGER).over(Ethernet.KEY, Ethernet.TYPE_IPV4)
 *     .add(Udp.KEY, Udp::new, Creation.ON_LOCAL_USE).over(Ipv4.KEY, Udp.PROTOCOL)
 *     .build();
 * }</pre>
 */
public final class StackSpec {
    /** When a machine makes a protocol instance. */
    public enum Creation {
        /** With the machine. */
        EAGER,
        /** When first asked for, by the machine's code or by a packet arriving for it (ARP). */
        ON_DEMAND,
        /**
         * When first asked for by the machine's code (an application binding a port): until then a
         * packet arriving for it finds no protocol, and the machine pays nothing for it (UDP, TCP).
         */
        ON_LOCAL_USE
    }

    private record Layer(ProtocolKey<?> key, Function<Machine, ?> factory, Creation creation, ProtocolKey<?> lower, int number) { }

    /**
     * The protocols above one lower protocol, by their demultiplexing number. Shared, read per packet:
     * a table indexed by the number (EtherTypes and IP protocol numbers are small), one load per
     * packet instead of a search.
     */
    public static final class Demux {
        static final Demux EMPTY = new Demux(new int[0], new int[0]);
        private final short[] slotPlusOne;      // by number; 0: none

        private Demux(int[] numbers, int[] slots) {
            int max = -1;
            for (int n : numbers) max = Math.max(max, n);
            slotPlusOne = new short[max + 1];
            for (int i = 0; i < numbers.length; i++) slotPlusOne[numbers[i]] = (short) (slots[i] + 1);
        }

        /** The slot of the protocol registered under {@code number}, or -1. */
        public int slot(int number) {
            short[] t = slotPlusOne;
            return number >= 0 && number < t.length ? t[number] - 1 : -1;
        }
    }

    private final Layer[] layers;
    private final Demux[] demux;     // per lower layer's slot
    private final ProtocolKey<?> firstKey;   // the first layer (Ethernet), whose table every frame's
    private final Demux firstDemux;          // arrival asks for: found without a search

    private StackSpec(List<Layer> layers) {
        this.layers = layers.toArray(new Layer[0]);
        this.demux = new Demux[this.layers.length];
        for (int lower = 0; lower < this.layers.length; lower++) {
            int[] numbers = new int[0], slots = new int[0];
            for (int i = 0; i < this.layers.length; i++) {
                if (this.layers[i].lower() != this.layers[lower].key()) continue;
                numbers = Arrays.copyOf(numbers, numbers.length + 1);
                slots = Arrays.copyOf(slots, slots.length + 1);
                numbers[numbers.length - 1] = this.layers[i].number();
                slots[slots.length - 1] = i;
            }
            demux[lower] = numbers.length == 0 ? Demux.EMPTY : new Demux(numbers, slots);
        }
        firstKey = this.layers.length == 0 ? null : this.layers[0].key();
        firstDemux = this.layers.length == 0 ? Demux.EMPTY : demux[0];
    }

    public static Builder builder() { return new Builder(); }

    int size() { return layers.length; }

    /** The slot of {@code key} in this stack, or -1. Stacks are short: a scan beats hashing. */
    public int slot(ProtocolKey<?> key) {
        Layer[] l = layers;
        for (int i = 0; i < l.length; i++) if (l[i].key() == key) return i;
        return -1;
    }

    public boolean has(ProtocolKey<?> key) { return slot(key) >= 0; }

    /** The protocols above {@code lower}, for its demultiplexing. */
    public Demux demux(ProtocolKey<?> lower) {
        if (lower == firstKey) return firstDemux;
        int s = slot(lower);
        return s < 0 ? Demux.EMPTY : demux[s];
    }

    /** The protocols' names, in order (for messages and tests). */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Layer l : layers) names.add(l.key().name());
        return names;
    }

    ProtocolKey<?> key(int slot) { return layers[slot].key(); }

    Creation creation(int slot) { return layers[slot].creation(); }

    Object create(int slot, Machine machine) {
        Layer l = layers[slot];
        Object p = l.factory().apply(machine);
        if (!l.key().type().isInstance(p))
            throw new IllegalStateException("the factory of " + l.key() + " made a " + p.getClass().getName());
        return p;
    }

    /** Builds a stack; protocols are listed bottom up, the first receiving the devices' frames. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();

        /** Adds protocol {@code key}, made by {@code factory} from its machine, at time {@code creation}. */
        public <T> Builder add(ProtocolKey<T> key, Function<Machine, ? extends T> factory, Creation creation) {
            Objects.requireNonNull(key);
            Objects.requireNonNull(factory);
            Objects.requireNonNull(creation);
            for (Layer l : layers) if (l.key() == key) throw new IllegalArgumentException("protocol " + key + " is already in the stack");
            layers.add(new Layer(key, factory, creation, null, 0));
            return this;
        }

        /** Puts the protocol just added above {@code lower}, which hands it what carries {@code number}. */
        public Builder over(ProtocolKey<?> lower, int number) {
            if (layers.isEmpty()) throw new IllegalStateException("over() follows add()");
            if (number < 0 || number > 0xFFFF) throw new IllegalArgumentException("a demultiplexing number is 0..65535 (an EtherType, an IP protocol): " + number);
            Layer last = layers.get(layers.size() - 1);
            boolean known = false;
            for (Layer l : layers) {
                if (l.key() == lower) known = true;
                if (l.lower() == lower && l.number() == number)
                    throw new IllegalArgumentException(lower + " already hands " + number + " to " + l.key());
            }
            if (!known) throw new IllegalArgumentException(lower + " must be added before " + last.key());
            layers.set(layers.size() - 1, new Layer(last.key(), last.factory(), last.creation(), lower, number));
            return this;
        }

        public StackSpec build() {
            if (layers.isEmpty()) throw new IllegalStateException("a stack needs at least one protocol");
            return new StackSpec(layers);
        }
    }
}
