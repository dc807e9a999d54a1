package elvis.modnet;

import elvis.message.Message;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;

import java.util.ArrayList;
import java.util.List;

/**
 * One YANK_REQ handed to a module ({@link YankHandler}): how many of the newest unsent bytes it is
 * asked for, and the preceding socket's bounded yank buffer it returns them in. The request is
 * complete when the handler returns, unless the handler {@link #defer defers} it (a blocking module
 * answering from its process) and later calls {@link #complete}.
 */
public final class YankRequest {
    private final int max, capacity;
    private final YankOp op;
    private final YankLock lock;
    private final boolean dontWait;
    private final List<Message> written = new ArrayList<>(1);
    private int buffered;
    private boolean deferred, complete;
    private final List<Runnable> whenComplete = new ArrayList<>(1);

    YankRequest(int max, YankOp op, YankLock lock, boolean dontWait, int capacity) {
        this.max = max;
        this.op = op;
        this.lock = lock;
        this.dontWait = dontWait;
        this.capacity = capacity;
    }

    /** At most this many bytes are asked for (the newest unsent ones this module and those after it hold); 0 when only a lock is to be passed on. */
    public int max() { return max; }

    /** YANK removes the bytes from the stream, PEEK leaves them. */
    public YankOp op() { return op; }

    /** What the caller asked to do to the real socket's transmission: pass it on when yanking the right end. */
    public YankLock lock() { return lock; }

    /** The caller asked not to block: pass it on when yanking the right end. */
    public boolean dontWait() { return dontWait; }

    /** Bytes the yank buffer still takes: yank no more than min(max, room) below, or what does not fit is lost to the stream. */
    public int room() { return Math.min(max, capacity) - buffered; }

    /**
     * ModNet's {@code modnet_yankwrite}: appends reconstructed original bytes (older ones first) to the
     * preceding socket's yank buffer; returns how many it took, fewer than given when the buffer is full
     * (the result is then partial).
     */
    public int yankWrite(Message data) {
        if (complete) throw new IllegalStateException("yankWrite on a completed yank request");
        int n = Math.min(data.length(), room());
        if (n > 0) {
            written.add(n == data.length() ? data : data.slice(0, n));
            buffered += n;
        }
        return n;
    }

    /** Keeps the request open after the handler returns, until {@link #complete}. */
    public void defer() { deferred = true; }

    /** Ends a deferred request: the blocked yank returns with what was written. */
    public void complete() {
        if (complete) return;
        complete = true;
        for (Runnable r : List.copyOf(whenComplete)) r.run();
        whenComplete.clear();
    }

    boolean isComplete() { return complete; }

    boolean isDeferred() { return deferred; }

    void whenComplete(Runnable r) {
        if (complete) r.run();
        else whenComplete.add(r);
    }

    /** What the module wrote, oldest first. */
    Message result() { return Message.concat(written.toArray(new Message[0]), written.size()); }
}
