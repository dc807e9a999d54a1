package elvis.modnet;

import elvis.config.Arguments;
import elvis.config.Attribute;
import elvis.config.Schema;
import elvis.message.Message;
import elvis.socket.PollFd;
import elvis.socket.Process;
import elvis.socket.StreamSocket;
import elvis.socket.StreamSocket.YankLock;
import elvis.socket.StreamSocket.YankOp;

import java.util.ArrayList;
import java.util.List;

/**
 * The forwarding ("dummy") module, ModNet's template: copies each end's data to the other, both ways,
 * by reference; when one end's stream ends it shuts down writing to the other (so end-of-stream
 * protocols such as HTTP keep working) and closes the pair once both directions ended. It reads an end
 * only while the other has taken everything read before (backpressure through the chain). It answers
 * YANK_REQ: the newest unsent bytes are those it read and has not yet passed on, the older ones it
 * yanks from its right end. Event API by default; {@code blocking} runs one process per pair.
 *
 * <p>Modules that transform data extend it and override {@link #transform} and {@link #finish};
 * such a module must also override {@link #yankRequested} to undo its transformation (or not take yanks).
 */
public class Forward implements Module, PairHandler, YankHandler {
    /** Most bytes taken from an end at once. */
    static final int CHUNK = 1 << 20;

    private final boolean blocking, yanks;

    public Forward(boolean blocking, boolean yanks) {
        this.blocking = blocking;
        this.yanks = yanks;
    }

    /** The event-API forwarder that takes yanks. */
    public Forward() { this(false, true); }

    /** Per pair: bytes read from one end that the other has not taken yet, by the side they go to. */
    protected static final class Held {
        // Fields rather than arrays: one Held is made per connection.
        private Message toLeft = Message.EMPTY, toRight = Message.EMPTY;
        private boolean finishingLeft, finishingRight, finishedLeft, finishedRight;

        /** Bytes waiting to go to {@code to}. */
        public Message pending(Side to) { return to == Side.LEFT ? toLeft : toRight; }

        void pending(Side to, Message m) {
            if (to == Side.LEFT) toLeft = m;
            else toRight = m;
        }

        boolean finishing(Side to) { return to == Side.LEFT ? finishingLeft : finishingRight; }

        void finishing(Side to, boolean on) {
            if (to == Side.LEFT) finishingLeft = on;
            else finishingRight = on;
        }

        boolean finished(Side to) { return to == Side.LEFT ? finishedLeft : finishedRight; }

        void finished(Side to, boolean on) {
            if (to == Side.LEFT) finishedLeft = on;
            else finishedRight = on;
        }

        boolean bothFinished() { return finishedLeft && finishedRight; }
    }

    protected static Held held(ModulePair p) { return (Held) p.attachment(); }

    /** What to pass on of {@code data} read from the end opposite {@code to}; as it is by default. */
    protected Message transform(ModulePair pair, Side to, Message data) { return data; }

    /** What to send to {@code to} after the last byte, when the opposite end's stream ended; nothing by default. */
    protected Message finish(ModulePair pair, Side to) { return Message.EMPTY; }

    @Override
    public void stolen(List<ModulePair> batch) {
        for (ModulePair p : batch) {
            p.attach(new Held());
            if (yanks) p.acceptYanks(this);
            if (blocking) p.run(this::serve);
            else p.handle(this);
        }
    }

    // ---------------------------------------------------------------- event API

    @Override
    public void readable(ModulePair p, Side from) {
        Side to = from.other();
        Held h = held(p);
        while (h.pending(to).isEmpty() && !p.isClosed()) {
            Message m = p.recv(from, CHUNK);
            if (m.isEmpty()) return;
            push(p, h, to, transform(p, to, m));
        }
    }

    @Override
    public void writable(ModulePair p, Side to) {
        Held h = held(p);
        push(p, h, to, Message.EMPTY);
        if (h.pending(to).isEmpty()) {
            if (h.finishing(to)) end(p, h, to);
            else p.resume(to.other());
        }
    }

    @Override
    public void peerClosed(ModulePair p, Side from) {
        Side to = from.other();
        Held h = held(p);
        Message last = finish(p, to);
        if (!last.isEmpty()) push(p, h, to, last);
        if (h.pending(to).isEmpty()) end(p, h, to);
        else h.finishing(to, true);
    }

    /** Sends what waits for {@code to}, then {@code more}; keeps what it does not take. */
    private static void push(ModulePair p, Held h, Side to, Message more) {
        Message held = h.pending(to);
        Message m = held.isEmpty() ? more : more.isEmpty() ? held : held.concat(more);
        if (m.isEmpty()) return;
        int n = p.send(to, m);
        h.pending(to, n == m.length() ? Message.EMPTY : m.slice(n));
    }

    private static void end(ModulePair p, Held h, Side to) {
        if (h.finished(to)) return;
        h.finished(to, true);
        p.shutdownWrite(to);
        if (h.bothFinished()) p.close();
    }

    // ---------------------------------------------------------------- blocking process

    /** One process per pair: poll both ends, forward what is readable while the other end takes it. */
    private void serve(Process self, ModulePair p) {
        Held h = held(p);
        boolean[] eof = new boolean[2];
        while (!h.bothFinished()) {
            List<PollFd> fds = new ArrayList<>(4);
            for (Side from : Side.values()) {
                Side to = from.other();
                if (!h.pending(to).isEmpty()) fds.add(new PollFd(p.end(to), PollFd.POLLOUT));
                else if (!eof[from.ordinal()]) fds.add(new PollFd(p.end(from), PollFd.POLLIN));
            }
            self.poll(Process.FOREVER, fds.toArray(new PollFd[0]));
            for (Side from : Side.values()) {
                Side to = from.other();
                StreamSocket src = p.end(from), dst = p.end(to);
                if (h.pending(to).isEmpty() && !eof[from.ordinal()] && (src.readiness() & PollFd.POLLIN) != 0) {
                    Message m = src.recv(CHUNK);
                    if (m.isEmpty()) {
                        eof[from.ordinal()] = true;
                        h.pending(to, h.pending(to).concat(finish(p, to)));
                        h.finishing(to, true);
                    } else {
                        h.pending(to, transform(p, to, m));
                    }
                }
                // Send only what the end takes now, so a yank meanwhile sees what is still held here.
                while (!h.pending(to).isEmpty() && (dst.readiness() & PollFd.POLLOUT) != 0)
                    h.pending(to, h.pending(to).slice(dst.send(h.pending(to))));
                if (h.finishing(to) && h.pending(to).isEmpty() && !h.finished(to)) {
                    h.finished(to, true);
                    dst.shutdown(StreamSocket.How.WRITE);
                }
            }
        }
    }

    // ---------------------------------------------------------------- yank

    /**
     * The newest unsent bytes are the ones read from the left and not yet taken by the right end; older
     * ones are yanked from the right end (which passes the request on down the chain).
     */
    @Override
    public void yankRequested(ModulePair p, YankRequest request) {
        Held h = held(p);
        Message mine = h.pending(Side.RIGHT);
        int want = Math.min(request.max(), request.room());
        int fromMine = Math.min(want, mine.length());
        Message older = Message.EMPTY;
        if (want > fromMine || request.lock() != YankLock.NONE)
            older = p.right().yank(want - fromMine, request.op(), request.lock(), request.dontWait());
        Message newest = mine.slice(mine.length() - fromMine);
        if (request.op() == YankOp.YANK && fromMine > 0) {
            h.pending(Side.RIGHT, mine.slice(0, mine.length() - fromMine));
            if (!blocking && h.pending(Side.RIGHT).isEmpty()) {
                if (h.finishing(Side.RIGHT)) end(p, h, Side.RIGHT);
                else p.resume(Side.LEFT);
            }
        }
        request.yankWrite(older.isEmpty() ? newest : newest.isEmpty() ? older : older.concat(newest));
    }

    /** {@code forward}: the forwarding module. */
    public static final class Factory implements ModuleFactory {
        @Override
        public Schema schema() {
            return new Schema("forward", List.of(
                    Attribute.choice("mode", "event", "blocking").byDefault("event")
                            .doc("`event`: callbacks from the kernel's upcall drain; `blocking`: a process per connection"),
                    Attribute.bool("yank").byDefault(true).doc("answer yanks through the chain (`false`: a yank before it fails with EOPNOTSUPP)")));
        }

        @Override
        public Module create(Arguments a, Context context) {
            return new Forward("blocking".equals(a.string("mode", "event")), a.bool("yank", true));
        }
    }
}
