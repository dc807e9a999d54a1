package elvis.routing.bgp;

import elvis.routing.Prefix;

/**
 * Where import and export policies plug into a speaker (RFC 4271 §9.1.1 and §9.1.3). The speaker
 * calls {@link #onImport} on each route an UPDATE brings, before the decision process sees it, and
 * {@link #onExport} on each Loc-RIB route it considers advertising to a peer, before it applies the
 * protocol's own changes for eBGP (prepending its AS, NEXT_HOP to itself, dropping LOCAL_PREF and a
 * received MED). The rules the protocol imposes are the speaker's, not a policy's: AS_PATH loops are
 * dropped before import, a route is never sent back to the peer it came from, and iBGP-learned
 * routes go to iBGP peers only where {@link #reflect} allows (route reflection, RFC 4456).
 * Methods run in protocol context; they must be deterministic and must not keep the attributes'
 * arrays. The default accepts and advertises everything unchanged.
 */
public interface BgpPolicy {
    BgpPolicy ACCEPT_ALL = new BgpPolicy() { };

    /**
     * The policy a speaker configured by {@code config} starts with: where the neighbours'
     * relationships and import/export texts become a policy (the policy part builds it here).
     */
    static BgpPolicy of(BgpConfig config) { return ACCEPT_ALL; }

    /**
     * The attributes to keep for {@code prefix} learned from {@code from} (for example with
     * LOCAL_PREF or communities set), or null to reject the route (it is treated as withdrawn).
     */
    default PathAttributes onImport(BgpPeer from, Prefix prefix, PathAttributes attributes) { return attributes; }

    /**
     * The attributes to advertise {@code route} to {@code to} with, or null not to advertise it (and
     * withdraw it if it was advertised). {@code attributes} is the route's own, before the speaker's
     * eBGP changes.
     */
    default PathAttributes onExport(BgpPeer to, BgpRoute route, PathAttributes attributes) { return attributes; }

    /**
     * Whether {@code route}, learned over iBGP, may be advertised to the iBGP peer {@code to}.
     * Plain iBGP needs a full mesh and says no (RFC 4271 §9.2); a route reflector says yes per RFC
     * 4456 §6 and adds ORIGINATOR_ID and CLUSTER_LIST in {@link #onExport}.
     */
    default boolean reflect(BgpRoute route, BgpPeer to) { return false; }
}
