package elvis.link;

import elvis.dummynet.profile.BandwidthTrace;
import elvis.util.SourceError;

/** A trace written in the plain format, for tests: {@code at(t, bps)} lines, then the end. */
final class BandwidthTraceBuilder {
    private final StringBuilder text = new StringBuilder();

    BandwidthTraceBuilder at(long ns, long bps) {
        text.append(ns).append("ns ").append(bps).append("bps\n");
        return this;
    }

    BandwidthTrace end(long ns) {
        try {
            return BandwidthTrace.parse("test", text + (ns + "ns\n"), BandwidthTrace.End.LOOP);
        } catch (SourceError e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
