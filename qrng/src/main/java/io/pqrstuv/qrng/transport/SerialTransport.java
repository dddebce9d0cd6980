package io.pqrstuv.qrng.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.pqrstuv.qrng.error.QccDisconnectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A tty or pty through jSerialComm: 1,000,000 baud 8N1, no flow control, raw (notes §3.1).
 *
 * <p>Timing: jSerialComm's semi-blocking read timeout becomes termios VTIME, in tenths of a second,
 * so it cannot express a deadline finer than 100 ms. The port is therefore set once to a 100 ms
 * timeout; reads with more than that left block in the kernel (returning at the first byte), and
 * the last stretch before a deadline polls {@code FIONREAD} every half millisecond. A deadline is
 * thus kept to about a millisecond without a busy loop while data is far off.
 *
 * <p>The path is resolved first: jSerialComm silently rewrites a path that does not exist to
 * {@code /dev/<last segment>}, which would open another port.
 */
public final class SerialTransport implements QccTransport {
    public static final int BAUD = 1_000_000;
    private static final int VTIME_MILLIS = 100;
    private static final long POLL_NANOS = 500_000;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final SerialPort port;
    private final String description;
    private final byte[] scratch = new byte[4096];
    private volatile boolean closed;

    private SerialTransport(SerialPort port, String description) {
        this.port = port;
        this.description = description;
    }

    /** Opens {@code device} (a tty, a pty, or a symlink to one) at 1,000,000 baud 8N1. */
    public static SerialTransport open(Path device) throws IOException {
        return open(device, BAUD);
    }

    public static SerialTransport open(Path device, int baud) throws IOException {
        Objects.requireNonNull(device, "device");
        Path real = realDevice(device);
        SerialPort port;
        try {
            port = SerialPort.getCommPort(real.toString());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial device " + device + " is not usable: " + e.getMessage(), e);
        }
        boolean configured = port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY)
                && port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED)
                // No TIMEOUT_WRITE_BLOCKING: that adds tcdrain(), which waits forever on a device that
                // stopped reading; a command frame always fits the kernel's output buffer.
                && port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, VTIME_MILLIS, 0);
        if (!configured) {
            throw new IOException("cannot configure serial device " + device);
        }
        if (!port.openPort(0)) {
            throw new IOException("cannot open serial device " + device + (real.equals(device) ? "" : " (" + real + ")")
                    + ": error " + port.getLastErrorCode() + " (is it in use, or are permissions missing?)");
        }
        String desc = "serial:" + device + (real.equals(device) ? "" : " (" + real + ")") + "@" + baud + "-8N1";
        return new SerialTransport(port, desc);
    }

    private static Path realDevice(Path device) throws IOException {
        Path real;
        try {
            real = device.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IOException("serial device " + device + " does not exist", e);
        }
        int mode;
        try {
            mode = (Integer) Files.getAttribute(real, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return real; // no POSIX modes (Windows COM ports): let jSerialComm decide
        }
        if ((mode & S_IFMT) != S_IFCHR) {
            throw new IOException("serial device " + device + " is not a character device");
        }
        return real;
    }

    @Override
    public void write(byte[] frame) throws IOException {
        int done = 0;
        while (done < frame.length) {
            if (closed) {
                throw new QccDisconnectedException(description + " is closed");
            }
            int n = port.writeBytes(frame, frame.length - done, done);
            if (n < 0) {
                throw new QccDisconnectedException("write to " + description + " failed: error " + port.getLastErrorCode());
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, long deadlineNanos) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (closed) {
                throw new QccDisconnectedException(description + " is closed");
            }
            long left = deadlineNanos - System.nanoTime();
            int available = port.bytesAvailable();
            if (available < 0) {
                throw new QccDisconnectedException(description + " is gone");
            }
            if (available > 0 || left >= VTIME_MILLIS * 1_000_000L) {
                // Data is there (returns at once), or a whole VTIME fits before the deadline.
                int n = port.readBytes(buf, available > 0 ? Math.min(len, available) : len, off);
                if (n < 0) {
                    // EIO: the pty master or the USB adapter went away.
                    throw new QccDisconnectedException(description + " hung up");
                }
                if (n > 0) {
                    return n;
                }
                continue;
            }
            if (left <= 0) {
                return 0;
            }
            LockSupport.parkNanos(Math.min(left, POLL_NANOS));
        }
    }

    @Override
    public long discardInput() throws IOException {
        long total = 0;
        int available;
        while ((available = port.bytesAvailable()) > 0) {
            int n = port.readBytes(scratch, Math.min(available, scratch.length), 0);
            if (n < 0) {
                throw new QccDisconnectedException(description + " hung up");
            }
            total += n;
        }
        if (available < 0 && !closed) {
            throw new QccDisconnectedException(description + " is gone");
        }
        return total;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        closed = true;
        port.closePort();
    }

    @Override
    public String toString() {
        return describe();
    }
}
