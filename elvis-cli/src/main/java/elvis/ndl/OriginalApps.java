package elvis.ndl;

import static elvis.ndl.Param.optional;
import static elvis.ndl.Param.required;

import java.util.List;

/** The four applications of the original Elvis, as a catalog for checking files that use them. */
public final class OriginalApps {

    private OriginalApps() {}

    public static final AppSignature SEND_MESSAGE = new AppSignature("send_message", List.of(
            optional("message", Kind.STRING), required("to", Kind.DESTINATION), required("port", Kind.PORT),
            optional("count", Kind.INT), optional("interval", Kind.DURATION), optional("size", Kind.SIZE),
            transport()),
            List.of(List.of("message", "size")));

    public static final AppSignature CAPTURE = new AppSignature("capture", List.of(
            required("ip", Kind.IPV4), required("port", Kind.PORT), optional("message_count", Kind.INT),
            optional("message", Kind.STRING), transport()),
            List.of(List.of("message_count", "message")));

    public static final AppSignature FORWARD = new AppSignature("forward", List.of(
            required("ip", Kind.IPV4), required("to", Kind.DESTINATION),
            required("local_port", Kind.PORT), required("remote_port", Kind.PORT), transport()));

    public static final AppSignature PING_PONG = new AppSignature("ping_pong", List.of(
            required("ip", Kind.IPV4), required("to", Kind.DESTINATION),
            required("local_port", Kind.PORT), required("remote_port", Kind.PORT),
            optional("starter", Kind.BOOLEAN), transport()));

    public static AppCatalog catalog() {
        return AppCatalog.of(List.of(SEND_MESSAGE, CAPTURE, FORWARD, PING_PONG));
    }

    private static Param transport() {
        return Param.choice("transport", false, "udp", "tcp");
    }
}
