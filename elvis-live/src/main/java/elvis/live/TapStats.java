package elvis.live;

/**
 * What a {@link TapBridge} carried and dropped. {@code in} is from the outside into the simulated
 * network, {@code out} the other way. Drops from outside: frames too short to be Ethernet
 * ({@code malformed}), longer than the network's MTU allows ({@code oversized}), or beyond the
 * inject queue's bound while the kernel falls behind ({@code flood}); {@code writeFailed} counts
 * frames the device refused. {@code gone} is true once the device vanished (its namespace deleted).
 * {@code corrupted} counts frames towards the device that the simulated link corrupted: dropped, as
 * a real NIC drops a frame whose FCS does not match.
 */
public record TapStats(String device, long framesIn, long bytesIn, long framesOut, long bytesOut,
                       long malformed, long oversized, long flood, long writeFailed, boolean gone, long corrupted) { }
