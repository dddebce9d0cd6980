package io.pqrstuv.qrng.emulator.link;

import io.pqrstuv.qrng.emulator.HostPort;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * A serial client as plain as they come: open(2) the tty, raw mode at 1,000,000 baud, read/write,
 * poll for timeouts, tcflush to discard input. Works on the emulator's pty and on a real QCicada.
 */
public final class RawTty implements HostPort {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment err = LibC.errnoSlot(arena);
    private final MemorySegment buf = arena.allocate(64 * 1024);
    private final MemorySegment pollfd = arena.allocate(LibC.POLLFD);
    private final int fd;
    private boolean closed;

    private RawTty(int fd) {
        this.fd = fd;
    }

    public static RawTty open(Path tty) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = LibC.errnoSlot(a);
            int fd = LibC.open(e, a.allocateFrom(tty.toString()), LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK);
            if (fd < 0) {
                throw LibC.failure("open " + tty, e);
            }
            MemorySegment t = a.allocate(LibC.TERMIOS_SIZE);
            if (LibC.tcgetattr(e, fd, t) != 0) {
                LibC.close(e, fd);
                throw LibC.failure("tcgetattr", e);
            }
            LibC.cfmakeraw(t);
            LibC.cfsetspeed(e, t, LibC.B1000000);
            if (LibC.tcsetattr(e, fd, LibC.TCSANOW, t) != 0) {
                LibC.close(e, fd);
                throw LibC.failure("tcsetattr", e);
            }
            return new RawTty(fd);
        }
    }

    @Override
    public void write(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = Math.min(b.length - off, (int) buf.byteSize());
            MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, n);
            long w = LibC.write(err, fd, buf, n);
            if (w < 0) {
                if (LibC.errno(err) == LibC.EAGAIN) {
                    poll(LibC.POLLOUT, 100);
                    continue;
                }
                throw LibC.failure("write", err);
            }
            off += (int) w;
        }
    }

    private int poll(short events, int timeoutMillis) throws IOException {
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, events);
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int r = LibC.poll(err, pollfd, 1, timeoutMillis);
        if (r < 0 && LibC.errno(err) != LibC.EINTR) {
            throw LibC.failure("poll", err);
        }
        return r;
    }

    @Override
    public int read(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (poll(LibC.POLLIN, timeoutMillis) <= 0) {
            return 0;
        }
        long n = LibC.read(err, fd, buf, Math.min(len, (int) buf.byteSize()));
        if (n < 0) {
            int e = LibC.errno(err);
            if (e == LibC.EAGAIN || e == LibC.EINTR) {
                return 0;
            }
            throw LibC.failure("read", err);
        }
        MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
        return (int) n;
    }

    @Override
    public void flushInput() throws IOException {
        if (LibC.tcflush(err, fd, LibC.TCIFLUSH) != 0) {
            throw LibC.failure("tcflush", err);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.close(err, fd);
            arena.close();
        }
    }
}
