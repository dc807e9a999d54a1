package elvis.web.modnet;

import elvis.machine.Machine;
import elvis.message.Message;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A machine's shared chunk store for the {@code dedup} module: one copy of each distinct chunk, with
 * a reference count (one per connection queue holding it); a chunk leaves when its last reference
 * is released. Also the machine's send-buffer memory bookkeeping (R-MN-9): the bytes connections
 * have written and the module holds for them ({@link #heldBytes}, what a kernel's send buffers
 * would hold in its place), the bytes of stored chunks the real sockets hold ({@link #inSockets}),
 * and what holding all that costs here ({@link #memoryBytes}).
 */
public final class ChunkStore {
    /** Memory a distinct chunk costs besides its bytes: table entry, reference count, descriptor. */
    public static final int CHUNK_OVERHEAD = 64;
    /** Memory one reference to a chunk in a connection's queue costs. */
    public static final int REFERENCE_OVERHEAD = 16;

    /** One distinct chunk. */
    static final class Chunk {
        final byte[] bytes;
        final Message message;
        final int hash;
        int references;

        Chunk(byte[] bytes, int hash) {
            this.bytes = bytes;
            this.message = Message.wrap(bytes);
            this.hash = hash;
        }

        @Override public boolean equals(Object o) { return o instanceof Chunk c && c.hash == hash && Arrays.equals(c.bytes, bytes); }
        @Override public int hashCode() { return hash; }
    }

    private final Map<Chunk, Chunk> chunks = new HashMap<>();
    private long uniqueBytes, references, privateBytes, heldBytes, inSockets, interned, hits;

    /** {@code machine}'s store, made on first use. */
    public static ChunkStore of(Machine machine) { return machine.extension(ChunkStore.class, m -> new ChunkStore()); }

    /** {@code machine}'s store if a dedup module ever used it, else null. */
    public static ChunkStore existing(Machine machine) { return machine.existingExtension(ChunkStore.class); }

    /** The stored chunk equal to {@code bytes} (kept, not copied, when new), with one more reference. */
    Chunk intern(byte[] bytes) {
        Chunk probe = new Chunk(bytes, Arrays.hashCode(bytes));
        Chunk c = chunks.get(probe);
        interned++;
        if (c == null) {
            c = probe;
            chunks.put(c, c);
            uniqueBytes += bytes.length;
        } else {
            hits++;
        }
        c.references++;
        references++;
        return c;
    }

    /** Drops one reference; the chunk goes when none is left. */
    void release(Chunk c) {
        if (c.references <= 0) throw new IllegalStateException("chunk released more often than interned");
        references--;
        if (--c.references == 0) {
            chunks.remove(c);
            uniqueBytes -= c.bytes.length;
        }
    }

    /** Bytes written by applications and held by the module (chunked or not yet), not yet in a real socket. */
    void held(long delta) { heldBytes += delta; }

    /** Bytes handed to real sockets as slices of stored chunks and not yet acknowledged. */
    void inSockets(long delta) { inSockets += delta; }

    /** Bytes in real sockets' send buffers that are slices of stored chunks (one copy, counted in {@link #memoryBytes}). */
    public long inSockets() { return inSockets; }

    /** Bytes of chunks still being cut, private to their connection. */
    void pending(long delta) { privateBytes += delta; }

    /** Distinct chunks stored now. */
    public int chunks() { return chunks.size(); }

    /** Bytes of the distinct chunks stored now. */
    public long uniqueBytes() { return uniqueBytes; }

    /** References from connection queues now. */
    public long references() { return references; }

    /** Bytes the connections wrote that the module holds now (what their send buffers would hold without it). */
    public long heldBytes() { return heldBytes; }

    /** Memory the module holds now: distinct chunks with their overhead, references, and chunks being cut. */
    public long memoryBytes() { return uniqueBytes + (long) chunks.size() * CHUNK_OVERHEAD + references * REFERENCE_OVERHEAD + privateBytes; }

    /** Chunks interned so far, and how many of them were already stored. */
    public long interned() { return interned; }

    public long hits() { return hits; }
}
