package elvis.routing;

/** Placeholder until step 0's Relationship lands on main (the merge takes main's file): what the neighbour is to us. */
public enum Relationship { CUSTOMER, PEER, PROVIDER, NONE }
