package elvis.dummynet;

/**
 * Counters of a flow queue, or their sum over a queue's or a pipe's instances (R-DN-12): packets
 * and bytes in and out, current and maximum occupancy, drops by cause.
 */
public final class Counters {
    long packetsIn, bytesIn, packetsOut, bytesOut;
    int length, maxLength;
    long bytes, maxBytes;
    long dropQueue, dropPlr, dropAqm, dropProfile, dropWire, dropMtu, marked, corrupted, duplicated, reordered;

    public long packetsIn() { return packetsIn; }
    public long bytesIn() { return bytesIn; }
    /** Packets that left the pipe (delivered to the continuation). */
    public long packetsOut() { return packetsOut; }
    public long bytesOut() { return bytesOut; }
    /** Packets waiting now (not counting the one in transmission). */
    public int length() { return length; }
    public int maxLength() { return maxLength; }
    public long bytes() { return bytes; }
    public long maxBytes() { return maxBytes; }
    /** Tail drops: the queue's slot or byte limit, or the scheduler's own limit. */
    public long dropQueue() { return dropQueue; }
    /** {@code plr}: dropped on entry, before queueing, no link time used. */
    public long dropPlr() { return dropPlr; }
    public long dropAqm() { return dropAqm; }
    /** A delay profile's loss, after the packet used its time. */
    public long dropProfile() { return dropProfile; }
    /** Our on-wire {@code loss}, after the packet used its time. */
    public long dropWire() { return dropWire; }
    public long dropMtu() { return dropMtu; }
    public long drops() { return dropQueue + dropPlr + dropAqm + dropProfile + dropWire + dropMtu; }
    /** Packets AQM marked CE instead of dropping. */
    public long marked() { return marked; }
    public long corrupted() { return corrupted; }
    /** Ours: packets delivered twice (each copy counts in packetsOut). */
    public long duplicated() { return duplicated; }
    /** Ours: packets held back by the reorder delay. */
    public long reordered() { return reordered; }

    void add(Counters o) {
        packetsIn += o.packetsIn; bytesIn += o.bytesIn; packetsOut += o.packetsOut; bytesOut += o.bytesOut;
        length += o.length; bytes += o.bytes;
        maxLength = Math.max(maxLength, o.maxLength); maxBytes = Math.max(maxBytes, o.maxBytes);
        dropQueue += o.dropQueue; dropPlr += o.dropPlr; dropAqm += o.dropAqm; dropProfile += o.dropProfile;
        dropWire += o.dropWire; dropMtu += o.dropMtu; marked += o.marked; corrupted += o.corrupted;
        duplicated += o.duplicated; reordered += o.reordered;
    }

    /** The counters of an expired instance are kept in its parent's total: clear what is not cumulative. */
    void retire() { length = 0; bytes = 0; }

    @Override
    public String toString() {
        return "in=" + packetsIn + "/" + bytesIn + "B out=" + packetsOut + "/" + bytesOut + "B len=" + length + " max=" + maxLength
                + " drops(queue=" + dropQueue + ", plr=" + dropPlr + ", aqm=" + dropAqm + ", profile=" + dropProfile
                + ", wire=" + dropWire + ", mtu=" + dropMtu + ") marked=" + marked;
    }
}
