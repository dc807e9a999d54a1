package elvis.live;

/** A JVM that sets up namespace args[0] and waits to be killed: {@link HostSetupTest} checks that its shutdown hook cleans up. */
public final class HostSetupChild {
    private HostSetupChild() { }

    public static void main(String[] args) throws Exception {
        HostSetup host = new HostSetup();
        host.namespace(args[0]);
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
        host.close();
    }
}
