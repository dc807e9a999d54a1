package elvis.modnet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one registered module did, over all machines it is applied to: for the run report and --json.
 * Bytes are counted as the module writes them into its ends (after any transformation).
 */
public final class ModuleStats {
    long pairsStolen, bytesToNetwork, bytesToApplication, yanks, yankedBytes, failures;

    /** Connection pairs stolen for the module. */
    public long pairsStolen() { return pairsStolen; }

    /** Bytes the module wrote to its right ends (towards the network). */
    public long bytesToNetwork() { return bytesToNetwork; }

    /** Bytes the module wrote to its left ends (towards the application). */
    public long bytesToApplication() { return bytesToApplication; }

    /** YANK_REQs the module answered. */
    public long yanks() { return yanks; }

    /** Bytes the module returned in yank buffers. */
    public long yankedBytes() { return yankedBytes; }

    /** Pairs that failed (the module threw, or an end was reset): both ends reset. */
    public long failures() { return failures; }

    /** The counters, in a stable order, for JSON results. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs_stolen", pairsStolen);
        m.put("bytes_to_network", bytesToNetwork);
        m.put("bytes_to_application", bytesToApplication);
        m.put("yanks", yanks);
        m.put("yanked_bytes", yankedBytes);
        m.put("failures", failures);
        return m;
    }

    @Override
    public String toString() {
        return pairsStolen + " pairs, " + bytesToNetwork + " B to network, " + bytesToApplication + " B to application, "
                + yanks + " yanks, " + failures + " failed";
    }
}
