package io.pqrstuv.serial;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A parsed link address:
 * <ul>
 *   <li>{@code serial:/dev/ttyS0} or a bare path such as {@code /dev/pts/7}: a serial port at 9600 8N1;
 *   <li>{@code tcp:host:port}: connect to a serial-over-IP bridge;
 *   <li>{@code tcp-listen:host:port}: accept one connection from such a bridge.
 * </ul>
 * IPv6 hosts are written in brackets, e.g. {@code tcp:[::1]:4000}.
 */
public sealed interface LinkSpec {

    /** Opens the link this spec names. */
    Link open() throws IOException;

    record Serial(Path device) implements LinkSpec {
        public Serial {
            Objects.requireNonNull(device, "device");
        }

        @Override
        public Link open() throws IOException {
            return SerialPortLink.open(device);
        }
    }

    record TcpConnect(String host, int port) implements LinkSpec {
        @Override
        public Link open() throws IOException {
            return TcpLink.connect(host, port);
        }
    }

    record TcpListen(String host, int port) implements LinkSpec {
        @Override
        public Link open() throws IOException {
            return TcpLink.acceptOne(host, port);
        }
    }

    /**
     * @throws IllegalArgumentException with a message that says which part of the spec is wrong
     */
    static LinkSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty link spec; expected serial:<path>, <path>, tcp:<host>:<port> or tcp-listen:<host>:<port>");
        }
        if (spec.startsWith("tcp-listen:")) {
            HostPort hp = HostPort.parse(spec.substring("tcp-listen:".length()), "link spec '" + spec + "'", true);
            return new TcpListen(hp.host(), hp.port());
        }
        if (spec.startsWith("tcp:")) {
            HostPort hp = HostPort.parse(spec.substring("tcp:".length()), "link spec '" + spec + "'", false);
            return new TcpConnect(hp.host(), hp.port());
        }
        String path = spec.startsWith("serial:") ? spec.substring("serial:".length()) : spec;
        if (path.isEmpty()) {
            throw new IllegalArgumentException("link spec '" + spec + "' names no serial device path");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("link spec '" + spec
                    + "' is not understood; expected serial:<absolute path>, an absolute path, tcp:<host>:<port> or tcp-listen:<host>:<port>");
        }
        try {
            return new Serial(Path.of(path));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("link spec '" + spec + "' has an invalid device path: " + e.getReason(), e);
        }
    }
}
