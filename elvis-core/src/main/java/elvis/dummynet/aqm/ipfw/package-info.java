/**
 * The AQM controllers of {@link elvis.dummynet.aqm} inside dummynet: its per-queue hook
 * ({@link elvis.dummynet.aqm.ipfw.DummynetAqm}) and ipfw's keywords ({@link elvis.dummynet.aqm.ipfw.AqmSyntax}).
 * Kept apart so that the controllers themselves depend on nothing but the kernel and messages.
 */
package elvis.dummynet.aqm.ipfw;
