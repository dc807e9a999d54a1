package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.Optional;

/**
 * One {@code [IP]} entry of a network: the addresses {@code first..last} it adds to the pool.
 *
 * @param subnet present for {@code subnet=} entries (then first..last are its usable hosts)
 */
public record PoolEntry(Ipv4 first, Ipv4 last, Optional<Subnet> subnet, Pos pos) {

    public long size() {
        return last.unsigned() - first.unsigned() + 1;
    }
}
