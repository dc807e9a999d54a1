package elvis.live;

/** Run without CAP_NET_ADMIN by {@link TapTest}: prints what the live classes say about it, one line each. */
public final class PrivilegeChild {
    private PrivilegeChild() { }

    public static void main(String[] args) {
        System.out.println("host: " + HostSetup.unavailable());
        System.out.println("tap: " + Tap.unavailable());
        try (Tap tap = Tap.open(args[0])) {
            System.out.println("open: succeeded");
        } catch (LiveException e) {
            System.out.println("open: " + e.getMessage());
        }
    }
}
