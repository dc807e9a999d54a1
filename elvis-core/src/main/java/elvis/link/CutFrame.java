package elvis.link;

import elvis.message.Message;

/**
 * A frame crossing a cut point-to-point link, from the partition that sent it to the one that
 * receives it ({@code partition}): it arrives there at {@code time}, ordered among the arrivals of
 * that instant by ({@code key}, {@code seq}) as every point-to-point arrival is
 * ({@link elvis.sim.Simulator#arrival}). {@code fcs} is {@link FrameReceiver#FCS_INTACT} or the
 * CRC-32 the frame had before the wire corrupted it. What a transport between processes sends is
 * these six fields, the frame as its bytes.
 */
public record CutFrame(int partition, long time, long key, long seq, Message frame, long fcs) { }
