package elvis.protocol.tcp;

/**
 * Makes one kind of congestion controller. Implementations are found with {@link java.util.ServiceLoader}
 * (listed in META-INF/services/elvis.protocol.tcp.CongestionControlFactory), as applications are, so a
 * user adds a congestion control in Java without touching TCP: subclass {@link CongestionControl},
 * register a factory, and name it in {@link TcpConfig#congestionControl} or a description's {@code cc}.
 */
public interface CongestionControlFactory {
    /** The name configurations use, e.g. "cubic". */
    String name();

    /** A fresh controller for one connection whose full-sized segments carry {@code smss} bytes. */
    CongestionControl create(int smss);
}
