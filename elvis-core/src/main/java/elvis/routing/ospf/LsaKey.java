package elvis.routing.ospf;

/** What identifies an LSA (RFC 2328 §12.1): type, link-state id, advertising router; ordered for deterministic walks. */
public record LsaKey(int type, int id, int advRouter) implements Comparable<LsaKey> {
    @Override
    public int compareTo(LsaKey o) {
        int c = Integer.compare(type, o.type);
        if (c == 0) c = Integer.compareUnsigned(id, o.id);
        if (c == 0) c = Integer.compareUnsigned(advRouter, o.advRouter);
        return c;
    }
}
