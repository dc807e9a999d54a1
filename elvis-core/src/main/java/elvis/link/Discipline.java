package elvis.link;

import elvis.dummynet.aqm.AqmConfig;
import elvis.dummynet.aqm.CoDel;
import elvis.dummynet.aqm.Pie;
import elvis.dummynet.aqm.Red;

/**
 * How a link direction orders and drops the frames that wait: immutable configuration, shared by
 * the pipes of a {@link LinkConfig} (each pipe makes its own {@link QueueDisc} from it, on first wait).
 * <p>
 * A discipline that {@linkplain #decidesAtEnqueue decides at enqueue} (FIFO tail drop) lets the
 * pipe fix a frame's departure the moment it is offered, with one kernel event per busy pipe. Any
 * other gets a dequeue event each time the serializer frees.
 */
public interface Discipline {
    /** FIFO with tail drop at the link's queue limit (packets or bytes behind the frame in transmission). */
    Discipline FIFO = new Fifo();

    /** As in configuration files: "fifo", "prio/3". */
    String name();

    /** True when a frame's departure time is known when it is offered (no later frame can overtake it). */
    boolean decidesAtEnqueue();

    /** Chooses each frame's band. */
    Classifier classifier();

    int bands();

    /** The queue of one pipe, with the limits of {@code link}; {@code owner} is the pipe (AQM draws and drops). */
    QueueDisc newQueue(LinkConfig link, QueueDisc.Owner owner);

    /** {@link #FIFO}. */
    record Fifo() implements Discipline {
        @Override public String name() { return "fifo"; }
        @Override public boolean decidesAtEnqueue() { return true; }
        @Override public Classifier classifier() { return Classifier.SINGLE; }
        @Override public int bands() { return 1; }
        @Override public QueueDisc newQueue(LinkConfig link, QueueDisc.Owner owner) { return new FifoQueue(link.queuePackets(), link.queueBytes()); }
    }

    /**
     * Strict priority over {@code bands} FIFO bands chosen by {@code classifier}, band 0 first (Linux's
     * {@code prio}, dummynet's PRIO). Each band has the link's queue limit of its own. A frame of a
     * higher band overtakes every waiting frame of lower bands, never the one in transmission.
     */
    record Prio(int bands, Classifier classifier) implements Discipline {
        public static final int MAX_BANDS = 16;

        public Prio {
            if (bands < 2 || bands > MAX_BANDS) throw new IllegalArgumentException("prio needs 2.." + MAX_BANDS + " bands: " + bands);
        }

        /** By the IPv4 DSCP ({@link Classifier#DSCP}). */
        public Prio(int bands) { this(bands, Classifier.DSCP); }

        @Override public String name() { return "prio/" + bands; }
        @Override public boolean decidesAtEnqueue() { return false; }
        @Override public QueueDisc newQueue(LinkConfig link, QueueDisc.Owner owner) { return new PrioQueue(bands, link.queuePackets(), link.queueBytes()); }
    }

    /**
     * One FIFO band under active queue management ({@code aqm}: RED, gentle RED, CoDel, PIE), with the
     * link's queue limit as a tail-drop backstop. The AQM sees every arrival and every departure.
     */
    record Managed(AqmConfig aqm) implements Discipline {
        @Override
        public String name() {
            return switch (aqm) {
                case Red r -> r.gentle() ? "gred" : "red";
                case CoDel c -> "codel";
                case Pie p -> "pie";
            };
        }

        @Override public boolean decidesAtEnqueue() { return false; }
        @Override public Classifier classifier() { return Classifier.SINGLE; }
        @Override public int bands() { return 1; }

        @Override
        public QueueDisc newQueue(LinkConfig link, QueueDisc.Owner owner) {
            return new AqmQueue(link.queuePackets(), link.queueBytes(), aqm.newController(owner.randomStream(), link.bandwidthBps()), owner);
        }
    }
}
