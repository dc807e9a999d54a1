package elvis.machine;

/** What a device discards before any protocol sees the frame. */
public enum DeviceDrop implements DropCause {
    FCS("bad Ethernet FCS");

    private final String description;

    DeviceDrop(String description) { this.description = description; }

    @Override
    public String description() { return description; }
}
