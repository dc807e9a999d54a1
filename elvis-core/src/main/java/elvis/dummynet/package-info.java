/**
 * dummynet: standalone pipes, queues and schedulers (issue 16, R-DN-1 .. R-DN-14).
 * <p>
 * Interfaces other parts implement or call: {@link elvis.dummynet.Scheduler} (the sched part's
 * algorithms, registered in {@link elvis.dummynet.Schedulers}), {@link elvis.dummynet.Aqm} (per-queue
 * controllers), {@link elvis.dummynet.LineRate} and {@link elvis.dummynet.DelayProfile} (traces and
 * delay profiles), and {@link elvis.dummynet.Dummynet#divert} with its {@link elvis.dummynet.Reinject}
 * continuation (the classifier's pipe/queue actions). Sits between {@code link} and {@code machine}:
 * it uses only {@code sim} and {@code message}.
 */
package elvis.dummynet;
