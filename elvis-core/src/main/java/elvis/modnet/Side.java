package elvis.modnet;

/** An end of a {@link ModulePair}: LEFT towards the application, RIGHT towards the network. */
public enum Side {
    LEFT, RIGHT;

    public Side other() { return this == LEFT ? RIGHT : LEFT; }
}
