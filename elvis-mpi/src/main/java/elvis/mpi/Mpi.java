package elvis.mpi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The MPI functions the partition transport calls, in Open MPI's libmpi.so.40 (Open MPI 4.x, what
 * Debian's openmpi-bin installs), through the JDK's FFM API. Signatures as in Open MPI 4.1's mpi.h;
 * every handle type (MPI_Comm, MPI_Datatype, MPI_Op, MPI_Request) is a pointer there, and the
 * predefined handles are addresses of globals, kept in {@link MpiHandles}. Each method returns MPI's
 * error code ({@link #SUCCESS} or another, which {@link #errorString} explains).
 *
 * <p>The library is loaded with dlopen(RTLD_GLOBAL) before anything else: Open MPI loads its
 * components (transports, collectives) as plug-ins that resolve symbols of libmpi and its
 * dependencies, which a library loaded RTLD_LOCAL (as {@link SymbolLookup#libraryLookup} does) hides
 * from them.
 */
final class Mpi {
    static final String LIBRARY = "libmpi.so.40";
    static final int SUCCESS = 0;
    /** MPI_THREAD_SERIALIZED: any thread may call, one at a time; the transport's calls are serialized by it. */
    static final int THREAD_SERIALIZED = 2;
    /** MPI_STATUS_IGNORE and MPI_STATUSES_IGNORE: the null address. */
    static final MemorySegment STATUS_IGNORE = MemorySegment.NULL;

    private static final int RTLD_NOW = 0x2, RTLD_GLOBAL = 0x100;
    private static final Linker LINKER = Linker.nativeLinker();

    private Mpi() { }

    /** The library, loaded on first use; {@code error} says why not when it could not be. */
    private static final class Library {
        static final SymbolLookup LOOKUP;
        static final String ERROR;

        static {
            SymbolLookup lookup = null;
            String error = null;
            try (Arena arena = Arena.ofConfined()) {
                SymbolLookup libc = LINKER.defaultLookup();
                MethodHandle dlopen = LINKER.downcallHandle(libc.find("dlopen").orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
                MethodHandle dlerror = LINKER.downcallHandle(libc.find("dlerror").orElseThrow(), FunctionDescriptor.of(ADDRESS));
                MemorySegment handle = (MemorySegment) dlopen.invokeExact(arena.allocateFrom(LIBRARY), RTLD_NOW | RTLD_GLOBAL);
                if (handle.equals(MemorySegment.NULL)) {
                    MemorySegment why = (MemorySegment) dlerror.invokeExact();
                    error = why.equals(MemorySegment.NULL) ? "dlopen failed" : why.reinterpret(4096).getString(0);
                } else {
                    lookup = SymbolLookup.libraryLookup(LIBRARY, Arena.global());     // the loaded library: its symbols
                }
            } catch (Throwable t) {
                error = t.toString();
            }
            LOOKUP = lookup;
            ERROR = error;
        }
    }

    /** Why libmpi cannot be used here (not installed, or not Open MPI), or null. Loads it the first time. */
    static String loadError() {
        if (Library.ERROR != null) {
            return "cannot load Open MPI's " + LIBRARY + " (" + Library.ERROR + "): install Open MPI 4 (Debian, Ubuntu: apt-get install openmpi-bin)";
        }
        if (Library.LOOKUP.find("ompi_mpi_comm_world").isEmpty()) return LIBRARY + " is not Open MPI's: Elvis calls Open MPI 4";
        return null;
    }

    /** The address of {@code name} in libmpi (a function or a predefined handle's global). */
    static MemorySegment symbol(String name) {
        if (Library.LOOKUP == null) throw new IllegalStateException(loadError());
        return Library.LOOKUP.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    /** The downcall handles, made on first use (after the library loaded): static finals, so calls are direct. */
    private static final class Fn {
        static final MethodHandle INIT_THREAD = function("MPI_Init_thread", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle COMM_RANK = function("MPI_Comm_rank", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle COMM_SIZE = function("MPI_Comm_size", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle COMM_SET_ERRHANDLER = function("MPI_Comm_set_errhandler", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle ERROR_STRING = function("MPI_Error_string", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle ISEND = function("MPI_Isend", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle IRECV = function("MPI_Irecv", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle WAITALL = function("MPI_Waitall", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle ALLGATHER = function("MPI_Allgather", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle GATHER = function("MPI_Gather", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle GATHERV = function("MPI_Gatherv", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle BARRIER = function("MPI_Barrier", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle ABORT = function("MPI_Abort", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle FINALIZE = function("MPI_Finalize", FunctionDescriptor.of(JAVA_INT));
    }

    // Each wrapper: the C function of the same name. Throwable from invokeExact is only what the
    // downcall itself throws (none for these descriptors), hence the rethrow as an Error.

    /** MPI_Init_thread(NULL, NULL, required, &provided): Open MPI takes its job from mpirun's environment, not argv. */
    static int initThread(int required, MemorySegment provided) {
        try { return (int) Fn.INIT_THREAD.invokeExact(MemorySegment.NULL, MemorySegment.NULL, required, provided); } catch (Throwable t) { throw new Error(t); }
    }

    static int commRank(MemorySegment comm, MemorySegment rank) {
        try { return (int) Fn.COMM_RANK.invokeExact(comm, rank); } catch (Throwable t) { throw new Error(t); }
    }

    static int commSize(MemorySegment comm, MemorySegment size) {
        try { return (int) Fn.COMM_SIZE.invokeExact(comm, size); } catch (Throwable t) { throw new Error(t); }
    }

    static int commSetErrhandler(MemorySegment comm, MemorySegment errhandler) {
        try { return (int) Fn.COMM_SET_ERRHANDLER.invokeExact(comm, errhandler); } catch (Throwable t) { throw new Error(t); }
    }

    static int isend(MemorySegment buf, int count, MemorySegment type, int dest, int tag, MemorySegment comm, MemorySegment request) {
        try { return (int) Fn.ISEND.invokeExact(buf, count, type, dest, tag, comm, request); } catch (Throwable t) { throw new Error(t); }
    }

    static int irecv(MemorySegment buf, int count, MemorySegment type, int source, int tag, MemorySegment comm, MemorySegment request) {
        try { return (int) Fn.IRECV.invokeExact(buf, count, type, source, tag, comm, request); } catch (Throwable t) { throw new Error(t); }
    }

    static int waitall(int count, MemorySegment requests, MemorySegment statuses) {
        try { return (int) Fn.WAITALL.invokeExact(count, requests, statuses); } catch (Throwable t) { throw new Error(t); }
    }

    static int allgather(MemorySegment send, int sendCount, MemorySegment sendType, MemorySegment recv, int recvCount, MemorySegment recvType, MemorySegment comm) {
        try { return (int) Fn.ALLGATHER.invokeExact(send, sendCount, sendType, recv, recvCount, recvType, comm); } catch (Throwable t) { throw new Error(t); }
    }

    static int gather(MemorySegment send, int sendCount, MemorySegment sendType, MemorySegment recv, int recvCount, MemorySegment recvType, int root, MemorySegment comm) {
        try { return (int) Fn.GATHER.invokeExact(send, sendCount, sendType, recv, recvCount, recvType, root, comm); } catch (Throwable t) { throw new Error(t); }
    }

    static int gatherv(MemorySegment send, int sendCount, MemorySegment sendType, MemorySegment recv, MemorySegment recvCounts,
                       MemorySegment displacements, MemorySegment recvType, int root, MemorySegment comm) {
        try {
            return (int) Fn.GATHERV.invokeExact(send, sendCount, sendType, recv, recvCounts, displacements, recvType, root, comm);
        } catch (Throwable t) {
            throw new Error(t);
        }
    }

    static int barrier(MemorySegment comm) {
        try { return (int) Fn.BARRIER.invokeExact(comm); } catch (Throwable t) { throw new Error(t); }
    }

    /** MPI_Abort: Open MPI ends every process of the job (this one too) and mpirun exits with {@code code}. */
    static int abort(MemorySegment comm, int code) {
        try { return (int) Fn.ABORT.invokeExact(comm, code); } catch (Throwable t) { throw new Error(t); }
    }

    static int finalizeMpi() {
        try { return (int) Fn.FINALIZE.invokeExact(); } catch (Throwable t) { throw new Error(t); }
    }

    /** MPI's text for error code {@code code}. */
    static String errorString(int code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(256), length = arena.allocate(JAVA_INT);     // MPI_MAX_ERROR_STRING
            int rc = (int) Fn.ERROR_STRING.invokeExact(code, text, length);
            if (rc != SUCCESS) return "MPI error " + code;
            byte[] bytes = text.asSlice(0, Math.clamp(length.get(JAVA_INT, 0), 0, 256)).toArray(JAVA_BYTE);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8) + " (MPI error " + code + ")";
        } catch (Throwable t) {
            return "MPI error " + code;
        }
    }
}
