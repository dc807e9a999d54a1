package elvis.web.video;

import elvis.message.Message;

/**
 * Finds the frames in a video response's body as it arrives in any pieces (a player's demuxer):
 * reads each frame's header, skips its payload, and reports the frame once its last byte is in.
 * A byte that cannot start a frame (wrong magic, a length shorter than the header) is an error: the
 * stream's framing is lost.
 */
final class FrameReader {
    /** Told of each complete frame. */
    interface Listener {
        void frame(int kbps, int segment, int frame, int fps, int length);
    }

    private final Listener listener;
    private final byte[] header = new byte[VideoContent.FRAME_HEADER];
    private int headerBytes;
    private long remaining;          // payload bytes of the current frame still due
    private String error;

    FrameReader(Listener listener) { this.listener = listener; }

    /** Null while the stream is well formed, else what broke it. */
    String error() { return error; }

    /** True between frames. */
    boolean atBoundary() { return headerBytes == 0 && remaining == 0; }

    void feed(Message data) {
        int at = 0, n = data.length();
        while (at < n && error == null) {
            if (remaining > 0) {
                int take = (int) Math.min(remaining, n - at);
                at += take;
                remaining -= take;
                if (remaining == 0) complete();
                continue;
            }
            header[headerBytes++] = (byte) data.u8(at++);
            if (headerBytes == 1 && header[0] != VideoContent.MAGIC) {
                error = "a frame should start here, found byte " + (header[0] & 0xff);
                return;
            }
            if (headerBytes == header.length) {
                long length = u32(12);
                if (length < VideoContent.FRAME_HEADER) {
                    error = "a frame of " + length + " bytes cannot hold its header";
                    return;
                }
                remaining = length - VideoContent.FRAME_HEADER;
                if (remaining == 0) complete();
            }
        }
    }

    private void complete() {
        listener.frame((int) u32(4), (int) u32(8), (header[2] & 0xff) << 8 | header[3] & 0xff, header[1] & 0xff, (int) u32(12));
        headerBytes = 0;
    }

    private long u32(int at) {
        return (header[at] & 0xffL) << 24 | (header[at + 1] & 0xffL) << 16 | (header[at + 2] & 0xffL) << 8 | header[at + 3] & 0xffL;
    }
}
