package io.pqrstuv.qrng.emulator.link;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few POSIX calls a pty master needs, through Java's foreign-function API (no JNA): Linux/glibc
 * constants. Each call captures {@code errno} so failures can be reported by name. Native access is
 * restricted: the launcher and the test JVMs pass {@code --enable-native-access=ALL-UNNAMED}.
 */
@SuppressWarnings("restricted")
final class LibC {
    static final int O_RDWR = 2;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final short POLLIN = 1;
    static final short POLLOUT = 4;
    static final short POLLERR = 8;
    static final short POLLHUP = 16;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int TCSANOW = 0;
    static final int TCIFLUSH = 0;
    static final long FIONREAD = 0x541B;
    /** {@code B1000000} from termios.h: a pty accepts it and reports it to clients that ask. */
    static final int B1000000 = 0010010;
    /** glibc's struct termios is 60 bytes on Linux; room to spare. */
    static final long TERMIOS_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CCS = Linker.Option.captureCallState("errno");

    private static final MethodHandle POSIX_OPENPT = fn("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = fn("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = fn("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME_R = fn("ptsname_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = fn("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = fn("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = fn("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = fn("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle TCGETATTR = fn("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR = fn("tcsetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = fnNoErrno("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle CFSETSPEED = fn("cfsetspeed", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle TCFLUSH = fn("tcflush", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL_INT = fn("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle STRERROR = fnNoErrno("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** struct pollfd { int fd; short events; short revents; } */
    static final StructLayout POLLFD = MemoryLayout.structLayout(JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private LibC() {
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = CCS;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), fd, opts);
    }

    private static MethodHandle fnNoErrno(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(symbol(name), fd);
    }

    private static MemorySegment symbol(String name) {
        return LOOKUP.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no " + name));
    }

    /** One call's errno slot; allocate per thread/use. */
    static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    static IOException failure(String call, MemorySegment slot) {
        int e = errno(slot);
        return new IOException(call + " failed: " + strerror(e) + " (errno " + e + ")");
    }

    static int posixOpenpt(MemorySegment err, int flags) {
        try {
            return (int) POSIX_OPENPT.invokeExact(err, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int grantpt(MemorySegment err, int fd) {
        try {
            return (int) GRANTPT.invokeExact(err, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int unlockpt(MemorySegment err, int fd) {
        try {
            return (int) UNLOCKPT.invokeExact(err, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int ptsnameR(MemorySegment err, int fd, MemorySegment buf) {
        try {
            return (int) PTSNAME_R.invokeExact(err, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int open(MemorySegment err, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(err, path, flags, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(MemorySegment err, int fd) {
        try {
            return (int) CLOSE.invokeExact(err, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(MemorySegment err, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(err, fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(MemorySegment err, int fd, MemorySegment buf, long n) {
        try {
            return (long) READ.invokeExact(err, fd, buf, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(MemorySegment err, int fd, MemorySegment buf, long n) {
        try {
            return (long) WRITE.invokeExact(err, fd, buf, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(MemorySegment err, MemorySegment fds, long nfds, int timeoutMs) {
        try {
            return (int) POLL.invokeExact(err, fds, nfds, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcgetattr(MemorySegment err, int fd, MemorySegment termios) {
        try {
            return (int) TCGETATTR.invokeExact(err, fd, termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcsetattr(MemorySegment err, int fd, int when, MemorySegment termios) {
        try {
            return (int) TCSETATTR.invokeExact(err, fd, when, termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void cfmakeraw(MemorySegment termios) {
        try {
            CFMAKERAW.invokeExact(termios);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int cfsetspeed(MemorySegment err, MemorySegment termios, int speed) {
        try {
            return (int) CFSETSPEED.invokeExact(err, termios, speed);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int tcflush(MemorySegment err, int fd, int queue) {
        try {
            return (int) TCFLUSH.invokeExact(err, fd, queue);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, int *arg)}. */
    static int ioctl(MemorySegment err, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_INT.invokeExact(err, fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
