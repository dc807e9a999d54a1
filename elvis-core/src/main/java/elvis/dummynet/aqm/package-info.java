/**
 * Active queue management for dummynet queues, link queue disciplines and the FQ schedulers: RED
 * and gentle RED ({@link elvis.dummynet.aqm.Red}), CoDel ({@link elvis.dummynet.aqm.CoDel}, RFC 8289)
 * and PIE ({@link elvis.dummynet.aqm.Pie}, RFC 8033), each an immutable {@link elvis.dummynet.aqm.AqmConfig}
 * that makes one small {@link elvis.dummynet.aqm.AqmController} per queue; and {@link elvis.dummynet.aqm.Ecn},
 * the IPv4 ECN field as the queues read and set it.
 */
package elvis.dummynet.aqm;
