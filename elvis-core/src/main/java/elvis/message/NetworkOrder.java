package elvis.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian (network byte order) fields of byte arrays, each read or written in one access and a
 * byte swap instead of byte by byte: what every header on the per-packet path is made of.
 */
public final class NetworkOrder {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private NetworkOrder() {}

    /** The unsigned 16-bit field at {@code at}. */
    public static int u16(byte[] b, int at) { return (short) SHORT.get(b, at) & 0xFFFF; }

    /** The 32-bit field at {@code at}. */
    public static int i32(byte[] b, int at) { return (int) INT.get(b, at); }

    public static void put16(byte[] b, int at, int v) { SHORT.set(b, at, (short) v); }

    public static void put32(byte[] b, int at, int v) { INT.set(b, at, v); }
}
