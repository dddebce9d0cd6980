package io.pqrstuv.qrng.emulator.link;

import io.pqrstuv.qrng.emulator.device.HostLink;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A pseudo-terminal whose master side the emulator owns (notes §5.2 option (b), through the
 * foreign-function API, no JNA): any serial client opens the slave — or {@code LINK}, a symlink to it —
 * as it would open {@code /dev/ttyUSB0}, and may close and reopen it any number of times.
 *
 * <p>The emulator behaves like a UART without flow control. Writes are non-blocking and what does not
 * fit is the caller's to drop. At a paced rate the link also keeps the backlog waiting in the client's
 * input queue under {@value #BACKLOG_CAP} bytes — about what the n_tty buffer of a real
 * {@code /dev/ttyUSB0} holds before the FTDI driver throttles and the device's bytes are lost — so a
 * host that stops reading finds at most that much old data, not the ~20 kB a pty would buffer, nor the
 * endless backlog behind a {@code socat} pty pair (notes §5.2). To measure that backlog (FIONREAD on
 * the slave) the emulator keeps a slave descriptor of its own open; this also keeps the pty alive
 * between clients, so the master never sees a hang-up.
 */
public final class PtyLink implements HostLink {
    /** Most bytes left waiting unread in the client's input queue at a paced rate. */
    public static final int BACKLOG_CAP = 4096;
    private static final int BUF = 32 * 1024;
    private static final long REPLY_WAIT_NANOS = 2_000_000_000L;

    private final Arena arena = Arena.ofShared();
    private final int master;
    private final int slaveFd;
    private final Path slave;
    private final Path link;
    private final long pace;
    private final boolean capped;
    private final MemorySegment err;
    private final MemorySegment rbuf;
    private final MemorySegment wbuf;
    private final MemorySegment pollfd;
    private final MemorySegment intArg;
    private volatile boolean closed;

    private PtyLink(int master, int slaveFd, Path slave, Path link, long pace) {
        this.master = master;
        this.slaveFd = slaveFd;
        this.slave = slave;
        this.link = link;
        this.pace = pace;
        this.capped = pace > 0;
        this.err = LibC.errnoSlot(arena);
        this.rbuf = arena.allocate(BUF);
        this.wbuf = arena.allocate(BUF);
        this.pollfd = arena.allocate(LibC.POLLFD);
        this.intArg = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * Opens a new pty in raw mode at 1,000,000 baud and, if {@code link} is not null, points the
     * symlink {@code link} at its slave (replacing an old symlink, never another kind of file).
     *
     * @param paceBytesPerSecond line pace for data (the 1-Mbaud UART), 0 for none; a paced link also
     *                           caps the client's backlog
     */
    public static PtyLink open(Path link, long paceBytesPerSecond) throws IOException {
        int fd;
        int sfd;
        Path slave;
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment e = LibC.errnoSlot(tmp);
            fd = LibC.posixOpenpt(e, LibC.O_RDWR | LibC.O_NOCTTY);
            if (fd < 0) {
                throw LibC.failure("posix_openpt", e);
            }
            sfd = -1;
            try {
                if (LibC.grantpt(e, fd) != 0) {
                    throw LibC.failure("grantpt", e);
                }
                if (LibC.unlockpt(e, fd) != 0) {
                    throw LibC.failure("unlockpt", e);
                }
                MemorySegment name = tmp.allocate(256);
                if (LibC.ptsnameR(e, fd, name) != 0) {
                    throw LibC.failure("ptsname_r", e);
                }
                slave = Path.of(name.getString(0));
                MemorySegment t = tmp.allocate(LibC.TERMIOS_SIZE);
                if (LibC.tcgetattr(e, fd, t) != 0) {
                    throw LibC.failure("tcgetattr", e);
                }
                LibC.cfmakeraw(t);
                LibC.cfsetspeed(e, t, LibC.B1000000);
                if (LibC.tcsetattr(e, fd, LibC.TCSANOW, t) != 0) {
                    throw LibC.failure("tcsetattr", e);
                }
                int fl = LibC.fcntl(e, fd, LibC.F_GETFL, 0);
                if (fl < 0 || LibC.fcntl(e, fd, LibC.F_SETFL, fl | LibC.O_NONBLOCK) < 0) {
                    throw LibC.failure("fcntl(O_NONBLOCK)", e);
                }
                sfd = LibC.open(e, tmp.allocateFrom(slave.toString()), LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK);
                if (sfd < 0) {
                    throw LibC.failure("open " + slave, e);
                }
                if (link != null) {
                    symlink(link, slave);
                }
            } catch (IOException | RuntimeException ex) {
                if (sfd >= 0) {
                    LibC.close(e, sfd);
                }
                LibC.close(e, fd);
                throw ex;
            }
        }
        return new PtyLink(fd, sfd, slave, link, paceBytesPerSecond);
    }

    private static void symlink(Path link, Path slave) throws IOException {
        Path abs = link.toAbsolutePath();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(abs)) {
            throw new IOException(abs + " exists and is not a symbolic link; refusing to replace it");
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("directory " + parent + " does not exist");
        }
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, slave);
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The slave device, e.g. {@code /dev/pts/7}. */
    public Path slave() {
        return slave;
    }

    /** The symlink clients may open instead, or null. */
    public Path link() {
        return link;
    }

    /** Bytes waiting unread in the client's input queue (n_tty). */
    int backlog() throws IOException {
        if (LibC.ioctl(err, slaveFd, LibC.FIONREAD, intArg) != 0) {
            throw LibC.failure("ioctl(FIONREAD)", err);
        }
        return intArg.get(ValueLayout.JAVA_INT, 0);
    }

    private int poll(short events, int timeoutMillis) throws IOException {
        pollfd.set(ValueLayout.JAVA_INT, 0, master);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, events);
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int r = LibC.poll(err, pollfd, 1, Math.max(0, timeoutMillis));
        if (r < 0) {
            if (LibC.errno(err) == LibC.EINTR) {
                return 0;
            }
            throw LibC.failure("poll", err);
        }
        if (r == 0) {
            return 0;
        }
        short rev = pollfd.get(ValueLayout.JAVA_SHORT, 6);
        int ev = 0;
        if ((rev & LibC.POLLIN) != 0) {
            ev |= READABLE;
        }
        if ((rev & LibC.POLLOUT) != 0) {
            ev |= WRITABLE;
        }
        return ev;
    }

    @Override
    public int await(boolean wantDataRoom, int timeoutMillis) throws IOException {
        if (!wantDataRoom) {
            return poll(LibC.POLLIN, timeoutMillis);
        }
        if (!capped) {
            return poll((short) (LibC.POLLIN | LibC.POLLOUT), timeoutMillis);
        }
        // room means "the client took some of its backlog": no kernel event for that, so look often
        if (backlog() < BACKLOG_CAP) {
            return poll(LibC.POLLIN, 0) | WRITABLE;
        }
        int ev = poll(LibC.POLLIN, Math.min(timeoutMillis, 2)) & READABLE;
        return backlog() < BACKLOG_CAP ? ev | WRITABLE : ev;
    }

    @Override
    public int read(byte[] buf) throws IOException {
        long n = LibC.read(err, master, rbuf, Math.min(buf.length, BUF));
        if (n < 0) {
            int e = LibC.errno(err);
            if (e == LibC.EAGAIN || e == LibC.EINTR || e == LibC.EIO) {
                return 0;
            }
            throw LibC.failure("read", err);
        }
        MemorySegment.copy(rbuf, ValueLayout.JAVA_BYTE, 0, buf, 0, (int) n);
        return (int) n;
    }

    private int write(byte[] b, int off, int len) throws IOException {
        int n = Math.min(len, BUF);
        if (n == 0) {
            return 0;
        }
        MemorySegment.copy(b, off, wbuf, ValueLayout.JAVA_BYTE, 0, n);
        long w = LibC.write(err, master, wbuf, n);
        if (w < 0) {
            int e = LibC.errno(err);
            if (e == LibC.EAGAIN || e == LibC.EINTR) {
                return 0;
            }
            throw LibC.failure("write", err);
        }
        return (int) w;
    }

    @Override
    public void writeReply(byte[] reply) throws IOException {
        long deadline = System.nanoTime() + REPLY_WAIT_NANOS;
        int off = write(reply, 0, reply.length);
        while (off < reply.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return; // the host does not read: the rest is lost, as on a UART
            }
            poll(LibC.POLLOUT, (int) Math.max(1, Math.min(50, left / 1_000_000)));
            off += write(reply, off, reply.length - off);
        }
    }

    @Override
    public int writeData(byte[] b, int off, int len) throws IOException {
        if (capped) {
            int room = BACKLOG_CAP - backlog();
            if (room <= 0) {
                return 0;
            }
            len = Math.min(len, room);
        }
        return write(b, off, len);
    }

    @Override
    public boolean sharedStream() {
        return true;
    }

    @Override
    public long dataPaceBytesPerSecond() {
        return pace;
    }

    @Override
    public String describe() {
        return "pty " + (link != null ? link + " -> " : "") + slave;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (link != null) {
            try {
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(slave)) {
                    Files.delete(link);
                }
            } catch (IOException ignored) {
                // the link is someone else's now, or gone
            }
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = LibC.errnoSlot(a);
            LibC.close(e, slaveFd);
            LibC.close(e, master);
        }
        arena.close();
    }
}
