package elvis.modnet;

/**
 * A module's answer to YANK_REQ ({@link ModulePair#acceptYanks}): a yank on the socket before it in the
 * chain (the application's, or the previous module's right end) found fewer unsent bytes in the pair
 * buffer between them than asked and asks this module for the rest. The module reconstructs the data
 * it was given (undoing its transformation), takes what it still holds unsent, yanks its own right end
 * for the remainder ({@code pair.right().yank(...)}) and returns the original bytes, oldest first, with
 * {@link YankRequest#yankWrite}. It runs in the caller's context, so a blocking yank below blocks that
 * caller; an {@link elvis.socket.ErrnoException} it throws (EAGAIN, EOPNOTSUPP from below) goes to the
 * caller and leaves the pair alone; anything else fails the pair.
 */
@FunctionalInterface
public interface YankHandler {
    void yankRequested(ModulePair pair, YankRequest request);
}
