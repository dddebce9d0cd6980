package io.pqrstuv.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A serial port (or pseudo-terminal) through jSerialComm, configured raw at 9600 bps 8N1 with no
 * flow control, so every byte value, XON/XOFF included, passes untouched.
 *
 * <p>The path is resolved to the real device first: jSerialComm silently rewrites a path that does
 * not exist to {@code /dev/<last segment>}, which could open the wrong port, and socat's {@code link=}
 * symlinks must end up at their {@code /dev/pts/N}.
 */
public final class SerialPortLink implements Link {
    public static final int DEFAULT_BAUD = 9600;
    private static final int EIO = 5;
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private final SerialPort port;
    private final String description;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private int readTimeoutMillis;
    private volatile boolean closed;

    private SerialPortLink(SerialPort port, String description, int readTimeoutMillis) {
        this.port = port;
        this.description = description;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Opens {@code device} at 9600 bps 8N1. */
    public static SerialPortLink open(Path device) throws IOException {
        return open(device, DEFAULT_BAUD);
    }

    /** Opens {@code device} at {@code baud} 8N1 (any standard rate, see {@link LineRate}). */
    public static SerialPortLink open(Path device, int baud) throws IOException {
        Objects.requireNonNull(device, "device");
        new LineRate(baud); // validates
        if (baud == 0) {
            throw new IllegalArgumentException("a serial port needs a baud rate");
        }
        Path real = realDevice(device);
        SerialPort port;
        try {
            port = SerialPort.getCommPort(real.toString());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("serial device " + device + " is not usable: " + e.getMessage(), e);
        }
        int initialTimeout = 100;
        boolean configured = port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY)
                && port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED)
                && port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                        initialTimeout, 0);
        if (!configured) {
            throw new IOException("cannot configure serial device " + device);
        }
        if (!port.openPort()) {
            throw new IOException("cannot open serial device " + device + (real.equals(device) ? "" : " (" + real + ")")
                    + ": error " + port.getLastErrorCode() + " at native location " + port.getLastErrorLocation()
                    + " (is it in use, or are permissions missing?)");
        }
        String desc = "serial:" + device + (real.equals(device) ? "" : " (" + real + ")") + "@" + baud + "-8N1";
        return new SerialPortLink(port, desc, initialTimeout);
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
            return real; // no POSIX modes here: let jSerialComm decide
        }
        if ((mode & S_IFMT) != S_IFCHR) {
            throw new IOException("serial device " + device + " is not a character device");
        }
        return real;
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int millis = Timeouts.millis(timeout);
        synchronized (readLock) {
            if (closed) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int ask = len;
            if (millis == 0) { // a 0 ms semi-blocking timeout would block forever: poll instead
                int available = port.bytesAvailable();
                if (available <= 0) {
                    return available < 0 ? -1 : 0;
                }
                ask = Math.min(len, available);
            } else if (millis != readTimeoutMillis) {
                if (!port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                        millis, 0)) {
                    // EIO: the pty's other side (or the USB adapter) is gone, i.e. the peer hung up.
                    return closed || port.getLastErrorCode() == EIO ? -1 : failure("cannot set the read timeout");
                }
                readTimeoutMillis = millis;
            }
            int n = port.readBytes(buf, ask, off);
            if (n < 0) {
                // A closed port, or a pty whose other side went away (EIO): the line is gone.
                return -1;
            }
            return n;
        }
    }

    private int failure(String what) throws IOException {
        throw new IOException(what + " on " + description + ": error " + port.getLastErrorCode());
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        synchronized (writeLock) {
            int done = 0;
            while (done < len) {
                if (closed) {
                    throw new IOException(description + " is closed");
                }
                int n = port.writeBytes(buf, len - done, off + done);
                if (n < 0) {
                    failure("write failed");
                }
                done += n;
            }
        }
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
