package elvis.live;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open TAP device (Linux /dev/net/tun with IFF_TAP | IFF_NO_PI), reached through the JDK's FFM
 * API: Ethernet frames without FCS in and out. Opening a name that does not exist creates the device
 * (it lasts while open); the device may be moved into another network namespace and the descriptor
 * keeps working.
 *
 * <p>One thread may read while another writes (the bridge's reader and the kernel's thread); each
 * direction has its own native buffer and errno slot, and its own lock so that {@link #close} waits
 * for a call in progress before the descriptor number is freed for reuse. The descriptor is
 * non-blocking: {@link #read} waits in poll(2) (in short slices, so close is noticed) and read(2)
 * never blocks.
 */
public final class Tap implements AutoCloseable {
    /** Largest frame read or written: a 1500-byte MTU's payload plus the Ethernet header and a VLAN tag. */
    public static final int MAX_FRAME = 1518;

    /** Native buffer per direction: any frame the kernel may hand over (a device MTU raised to 64 KB), so an oversized one is read whole and seen as such. */
    private static final int BUFFER = 65_536;
    /** Longest single poll(2), so that close() and a vanished device are noticed this soon. */
    private static final int POLL_SLICE_MS = 100;

    private final String name;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readBuf = arena.allocate(BUFFER);
    private final MemorySegment writeBuf = arena.allocate(BUFFER);
    private final MemorySegment pollFd = arena.allocate(8, 4);
    private final MemorySegment readErrno = arena.allocate(Native.CAPTURE);
    private final MemorySegment writeErrno = arena.allocate(Native.CAPTURE);
    private final ReentrantLock reading = new ReentrantLock();
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean closed;
    private volatile boolean gone;

    private Tap(String name, int fd) {
        this.name = name;
        this.fd = fd;
        pollFd.set(JAVA_INT, 0, fd);
        pollFd.set(JAVA_SHORT, 4, Native.POLLIN);
    }

    /**
     * Why TAP devices cannot be opened here ("/dev/net/tun does not exist", "opening /dev/net/tun
     * needs CAP_NET_ADMIN: run as root"), or null when they can.
     */
    public static String unavailable() {
        if (!Files.exists(Path.of(Native.TUN))) {
            return Native.TUN + " does not exist: this kernel has no TUN/TAP driver (modprobe tun, or run in a VM or container that provides it)";
        }
        if (!HostSetup.hasNetAdmin()) {
            return "creating a TAP device needs CAP_NET_ADMIN: run as root";
        }
        try {
            Native.load();
        } catch (LiveException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Opens (creating if needed) TAP device {@code name} (1 to 15 characters). */
    public static Tap open(String name) throws LiveException {
        if (name == null || name.isEmpty() || name.length() > 15 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == '/' || c == ':')) {
            throw new LiveException("invalid TAP device name '" + name + "': 1 to 15 characters of printable ASCII, no '/', ':' or spaces");
        }
        Native.load();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Native.CAPTURE);
            int fd = (int) Native.OPEN.invokeExact(errno, call.allocateFrom(Native.TUN),
                    Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC, 0);
            if (fd < 0) {
                int e = Native.errno(errno);
                throw new LiveException(switch (e) {
                    case Native.ENOENT, Native.ENODEV -> "cannot open TAP device " + name + ": no " + Native.TUN + " (the kernel has no TUN/TAP driver)";
                    case Native.EPERM, Native.EACCES -> "cannot open " + Native.TUN + ": permission denied; needs CAP_NET_ADMIN (run as root)";
                    default -> "cannot open " + Native.TUN + ": " + Native.strerror(e);
                });
            }
            MemorySegment ifreq = call.allocate(Native.IFREQ_SIZE);   // zeroed
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(bytes, 0, ifreq, JAVA_BYTE, 0, bytes.length);
            ifreq.set(JAVA_SHORT, Native.IFR_FLAGS, (short) (Native.IFF_TAP | Native.IFF_NO_PI));
            int r = (int) Native.IOCTL.invokeExact(errno, fd, Native.TUNSETIFF, ifreq);
            if (r < 0) {
                int e = Native.errno(errno);
                int ignored = (int) Native.CLOSE.invokeExact(errno, fd);
                throw new LiveException("cannot create TAP device " + name + ": " + switch (e) {
                    case Native.EPERM, Native.EACCES -> "needs CAP_NET_ADMIN (run as root)";
                    case Native.EBUSY -> "device busy (another program has it open)";
                    case Native.EINVAL -> "a device of another kind already has this name";
                    default -> Native.strerror(e);
                });
            }
            return new Tap(name, fd);
        } catch (LiveException e) {
            throw e;
        } catch (Throwable t) {
            throw new LiveException("cannot open TAP device " + name + ": " + t);
        }
    }

    public String name() { return name; }

    /** True once the device vanished (deleted, for instance with its namespace). */
    public boolean gone() { return gone; }

    /**
     * Reads one frame into {@code buf}, waiting at most {@code timeoutMs}: its length, 0 when none
     * came in time, -1 when the device is gone (closed, or deleted with its namespace). A frame
     * longer than {@code buf} returns its full length with only {@code buf.length} bytes copied.
     */
    public int read(byte[] buf, int timeoutMs) throws LiveException {
        reading.lock();
        try {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (true) {
                if (closed || gone) return -1;
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                long got = (long) Native.READ.invokeExact(readErrno, fd, readBuf, (long) BUFFER);
                int n = (int) got;
                if (n > 0) {
                    MemorySegment.copy(readBuf, JAVA_BYTE, 0, buf, 0, Math.min(n, buf.length));
                    return n;
                }
                if (n == 0) return markGone();            // end of file: the device has no queue any more
                int e = Native.errno(readErrno);
                if (e == Native.EINTR) continue;
                if (e != Native.EAGAIN) {
                    if (vanished(e)) return markGone();
                    throw new LiveException("reading TAP device " + name + ": " + Native.strerror(e));
                }
                if (left <= 0) return 0;
                pollFd.set(JAVA_SHORT, 6, (short) 0);
                int p = (int) Native.POLL.invokeExact(readErrno, pollFd, 1L, (int) Math.min(left, POLL_SLICE_MS));
                if (p < 0 && Native.errno(readErrno) != Native.EINTR) {
                    throw new LiveException("waiting on TAP device " + name + ": " + Native.strerror(Native.errno(readErrno)));
                }
                if (p > 0 && (pollFd.get(JAVA_SHORT, 6) & Native.POLLIN) == 0) return markGone();   // POLLERR, POLLHUP, POLLNVAL alone
            }
        } catch (LiveException e) {
            throw e;
        } catch (Throwable t) {
            throw new LiveException("reading TAP device " + name + ": " + t);
        } finally {
            reading.unlock();
        }
    }

    /** Writes one frame; false when the device refused it (gone, or its queue full). */
    public boolean write(byte[] frame, int offset, int length) {
        if (length <= 0 || length > BUFFER) return false;
        writing.lock();
        try {
            if (closed || gone) return false;
            MemorySegment.copy(frame, offset, writeBuf, JAVA_BYTE, 0, length);
            while (true) {
                long n = (long) Native.WRITE.invokeExact(writeErrno, fd, writeBuf, (long) length);
                if (n >= 0) return n == length;
                int e = Native.errno(writeErrno);
                if (e == Native.EINTR) continue;
                // EIO is also what a device that is down answers, so only a detached queue means gone
                if (e == Native.EBADFD || e == Native.ENXIO || e == Native.ENODEV) gone = true;
                return false;
            }
        } catch (Throwable t) {
            return false;
        } finally {
            writing.unlock();
        }
    }

    /** Closes the descriptor (a device it created disappears); waits for a read or write in progress. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        reading.lock();
        writing.lock();
        try {
            if (!arena.scope().isAlive()) return;
            try (Arena call = Arena.ofConfined()) {
                int ignored = (int) Native.CLOSE.invokeExact(call.allocate(Native.CAPTURE), fd);
            } catch (Throwable t) {
                // nothing more to do: the descriptor goes with the process
            }
            arena.close();
        } finally {
            writing.unlock();
            reading.unlock();
        }
    }

    private int markGone() {
        gone = true;
        return -1;
    }

    /** Errors with which read(2) on a TAP descriptor says the device was unregistered. */
    private static boolean vanished(int errno) {
        return errno == Native.EBADFD || errno == Native.EIO || errno == Native.ENXIO
                || errno == Native.ENODEV || errno == Native.EBADF;
    }

    /**
     * The libc calls, linked on first use. open, ioctl (and fcntl) are variadic in C: on x86-64 the
     * caller of a variadic function states in %al how many vector registers carry arguments, and on
     * other ABIs variadic arguments travel elsewhere than fixed ones, so those downcalls must tell the
     * linker where the variadic part starts ({@code firstVariadicArg(2)}). Every call captures errno,
     * which the JVM may overwrite before Java code could read it.
     */
    private static final class Native {
        static final String TUN = "/dev/net/tun";
        static final int O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
        static final long TUNSETIFF = 0x400454caL;
        static final int IFREQ_SIZE = 40, IFR_FLAGS = 16;
        static final int IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
        static final short POLLIN = 0x1;
        static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, EBADF = 9, EAGAIN = 11,
                EACCES = 13, EBUSY = 16, ENODEV = 19, EINVAL = 22, EBADFD = 77;

        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        private static String failure;
        private static final Linker LINKER = linker();
        private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
        private static final Linker.Option VARIADIC_FROM_2 = Linker.Option.firstVariadicArg(2);
        static final MethodHandle OPEN = link("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO, VARIADIC_FROM_2);
        static final MethodHandle IOCTL = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO, VARIADIC_FROM_2);
        static final MethodHandle READ = link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
        static final MethodHandle WRITE = link("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
        static final MethodHandle POLL = link("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
        static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        static final MethodHandle STRERROR = link("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

        /** Throws, saying why, when libc could not be linked. */
        static void load() throws LiveException {
            if (failure != null) {
                throw new LiveException("native access to libc failed (" + failure + "): TAP devices need Linux and"
                        + " java --enable-native-access=ALL-UNNAMED");
            }
        }

        private static Linker linker() {
            try {
                return Linker.nativeLinker();
            } catch (RuntimeException | LinkageError e) {
                failure = String.valueOf(e.getMessage());
                return null;
            }
        }

        private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            if (LINKER == null) return null;
            try {
                return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                        .orElseThrow(() -> new IllegalStateException("libc has no " + name)), descriptor, options);
            } catch (RuntimeException | LinkageError e) {
                if (failure == null) failure = String.valueOf(e.getMessage());
                return null;
            }
        }

        static int errno(MemorySegment capture) { return (int) ERRNO.get(capture, 0L); }

        /** The C library's text for {@code errno} ("No such device"), with the number. */
        static String strerror(int errno) {
            String text;
            try {
                text = ((MemorySegment) STRERROR.invokeExact(errno)).reinterpret(256).getString(0);
            } catch (Throwable t) {
                text = "error";
            }
            return text + " (errno " + errno + ")";
        }
    }
}
