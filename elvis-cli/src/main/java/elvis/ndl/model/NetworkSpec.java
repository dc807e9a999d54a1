package elvis.ndl.model;

import elvis.ndl.Pos;
import java.util.List;

/**
 * A {@code [Network]}.
 *
 * @param subnet the subnet addresses overflow into once the pool is used up (see docs/ndl.md, address plan)
 */
public record NetworkSpec(String id, LinkSpec link, List<PoolEntry> pool, Subnet subnet, Pos pos) {

    public NetworkSpec {
        pool = List.copyOf(pool);
    }
}
