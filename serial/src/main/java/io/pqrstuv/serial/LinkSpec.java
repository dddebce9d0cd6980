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
            HostPort hp = HostPort.parse(spec, spec.substring("tcp-listen:".length()), true);
            return new TcpListen(hp.host(), hp.port());
        }
        if (spec.startsWith("tcp:")) {
            HostPort hp = HostPort.parse(spec, spec.substring("tcp:".length()), false);
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

    /** The host and port of a TCP spec. */
    record HostPort(String host, int port) {
        static HostPort parse(String spec, String rest, boolean listen) {
            String host;
            String portText;
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("link spec '" + spec + "' has a malformed [IPv6]:port");
                }
                host = rest.substring(1, close);
                portText = rest.substring(close + 2);
            } else {
                int colon = rest.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("link spec '" + spec + "' lacks ':<port>'");
                }
                host = rest.substring(0, colon);
                portText = rest.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("link spec '" + spec + "': write IPv6 hosts in brackets, e.g. [::1]:4000");
                }
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("link spec '" + spec + "' names no host");
            }
            if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("link spec '" + spec + "' has an invalid port '" + portText + "'");
            }
            int port = Integer.parseInt(portText);
            if (port > 65535 || (port == 0 && !listen)) {
                throw new IllegalArgumentException("link spec '" + spec + "' has port " + port + " outside 1..65535");
            }
            return new HostPort(host, port);
        }
    }
}
