package io.pqrstuv.runtime.harden;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The four libc calls of the hardening, through Java 25's foreign-function API (no JNA): prctl,
 * getrlimit, setrlimit, mlockall, each returning {@code errno} on failure. Linux on 64-bit only
 * ({@code rlim_t} is an unsigned 64-bit integer there).
 */
final class LinuxCalls {
    static final int PR_GET_DUMPABLE = 3;
    static final int PR_SET_DUMPABLE = 4;
    static final int RLIMIT_CORE = 4;
    static final int RLIMIT_MEMLOCK = 8;
    static final long RLIM_INFINITY = -1L; // ~0UL
    static final int MCL_CURRENT = 1;
    static final int MCL_FUTURE = 2;
    static final int MCL_ONFAULT = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final StructLayout RLIMIT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("rlim_cur"), ValueLayout.JAVA_LONG.withName("rlim_max"));

    // prctl is variadic in glibc: int prctl(int option, ...).
    private static final MethodHandle PRCTL = downcall("prctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETRLIMIT = downcall("getrlimit",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle SETRLIMIT = downcall("setrlimit",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle MLOCKALL = downcall("mlockall",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private LinuxCalls() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no " + name + "()"));
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        System.arraycopy(extra, 0, options, 0, extra.length);
        options[extra.length] = Linker.Option.captureCallState("errno");
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** A call's result: the return value, and errno when it is -1. */
    record Result(int value, int errno) {
        boolean failed() {
            return value == -1;
        }
    }

    /** rlim_cur and rlim_max; -1 is RLIM_INFINITY. */
    record Limit(long soft, long hard) {
        static String show(long v) {
            return v == RLIM_INFINITY ? "unlimited" : Long.toUnsignedString(v);
        }

        @Override
        public String toString() {
            return show(soft) + "/" + show(hard);
        }
    }

    private static Result call(MethodHandle h, Arena arena, Object... args) {
        MemorySegment state = arena.allocate(CALL_STATE);
        Object[] full = new Object[args.length + 1];
        full[0] = state;
        System.arraycopy(args, 0, full, 1, args.length);
        int r;
        try {
            r = (int) h.invokeWithArguments(full);
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
        return new Result(r, r == -1 ? (int) ERRNO.get(state, 0L) : 0);
    }

    static Result prctl(int option, long arg2) {
        try (Arena arena = Arena.ofConfined()) {
            return call(PRCTL, arena, option, arg2, 0L, 0L, 0L);
        }
    }

    static Limit getrlimit(int resource) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(RLIMIT);
            Result r = call(GETRLIMIT, arena, resource, rl);
            if (r.failed()) {
                throw new IllegalStateException("getrlimit(" + resource + ") failed: " + Errno.name(r.errno()));
            }
            return new Limit(rl.get(ValueLayout.JAVA_LONG, 0), rl.get(ValueLayout.JAVA_LONG, 8));
        }
    }

    static Result setrlimit(int resource, long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(RLIMIT);
            rl.set(ValueLayout.JAVA_LONG, 0, soft);
            rl.set(ValueLayout.JAVA_LONG, 8, hard);
            return call(SETRLIMIT, arena, resource, rl);
        }
    }

    static Result mlockall(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return call(MLOCKALL, arena, flags);
        }
    }
}
