package elvis.live;

/**
 * Live emulation cannot go on: no /dev/net/tun, no permission (CAP_NET_ADMIN), a missing tool, a
 * device that vanished. The message is for the user as it stands (what failed and what to do), so
 * the command line prints it without a stack trace.
 */
public final class LiveException extends Exception {
    public LiveException(String message) { super(message); }

    public LiveException(String message, Throwable cause) { super(message, cause); }
}
