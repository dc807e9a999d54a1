package elvis.link;

/** Counters of one pipe, or the sum over a network's pipes. */
public final class PipeStats {
    long offered, delivered, droppedQueue, droppedLoss, droppedMtu, droppedDown, corrupted, bytesOffered, bytesDelivered;
    // AQM drops and CE marks, made on the first: a reference fits the object's alignment gap where two
    // more longs would add 16 bytes to every pipe (one per receiving port), and most pipes never see AQM.
    private long[] aqm;
    private static final int AQM_DROPS = 0, ECN_MARKS = 1;

    public long offered() { return offered; }
    public long delivered() { return delivered; }
    public long droppedQueue() { return droppedQueue; }

    /** Frames the queue's AQM (RED, CoDel, PIE) dropped. */
    public long droppedAqm() { return aqm == null ? 0 : aqm[AQM_DROPS]; }
    /** Frames the queue's AQM marked CE (RFC 3168) instead of dropping them. */
    public long ecnMarked() { return aqm == null ? 0 : aqm[ECN_MARKS]; }

    void countAqmDrop() { aqmCounters()[AQM_DROPS]++; }
    void countEcnMark() { aqmCounters()[ECN_MARKS]++; }

    private long[] aqmCounters() {
        if (aqm == null) aqm = new long[2];
        return aqm;
    }

    public long droppedLoss() { return droppedLoss; }
    public long droppedMtu() { return droppedMtu; }
    /** Frames offered while the link or a port was down, or waiting in the queue when it went down. */
    public long droppedDown() { return droppedDown; }
    public long dropped() { return droppedQueue + droppedAqm() + droppedLoss + droppedMtu + droppedDown; }
    /** Frames that had a bit flipped on the wire (counted as they leave, so some may still be in flight). */
    public long corrupted() { return corrupted; }
    public long bytesOffered() { return bytesOffered; }
    public long bytesDelivered() { return bytesDelivered; }

    public void add(PipeStats o) {
        offered += o.offered; delivered += o.delivered; droppedQueue += o.droppedQueue; droppedLoss += o.droppedLoss;
        if (o.aqm != null) for (int i = 0; i < o.aqm.length; i++) aqmCounters()[i] += o.aqm[i];
        droppedMtu += o.droppedMtu; droppedDown += o.droppedDown; corrupted += o.corrupted; bytesOffered += o.bytesOffered; bytesDelivered += o.bytesDelivered;
    }

    @Override
    public String toString() {
        return "offered=" + offered + " delivered=" + delivered + " dropped(queue=" + droppedQueue + ", aqm=" + droppedAqm() + ", loss=" + droppedLoss
                + ", mtu=" + droppedMtu + ", down=" + droppedDown + ") ecn_marked=" + ecnMarked() + " corrupted=" + corrupted + " bytes=" + bytesDelivered + "/" + bytesOffered;
    }
}
