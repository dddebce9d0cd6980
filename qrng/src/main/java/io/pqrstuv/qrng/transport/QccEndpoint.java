package io.pqrstuv.qrng.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a device is: an interface and a device name as pyqcc takes them ({@code serial} + a tty
 * path; {@code tcp}/{@code tcpudp} + a host, optionally {@code host:port} or {@code [v6]:port}),
 * plus the host UDP port for tcpudp. Opening it again is how a device is reopened after a reboot.
 */
public record QccEndpoint(QccInterface iface, String device, int udpPort) {

    public QccEndpoint {
        Objects.requireNonNull(iface, "interface");
        Objects.requireNonNull(device, "device");
        if (device.isBlank()) {
            throw new IllegalArgumentException("no device given");
        }
        if (udpPort < 0 || udpPort > 65_535) {
            throw new IllegalArgumentException("UDP port must be 0..65535, got " + udpPort);
        }
    }

    public static QccEndpoint serial(Path tty) {
        return new QccEndpoint(QccInterface.SERIAL, tty.toString(), QccInterface.DEFAULT_PORT);
    }

    public static QccEndpoint tcp(String host, int port) {
        return new QccEndpoint(QccInterface.TCP, hostPort(host, port), QccInterface.DEFAULT_PORT);
    }

    public static QccEndpoint tcpUdp(String host, int port, int udpPort) {
        return new QccEndpoint(QccInterface.TCPUDP, hostPort(host, port), udpPort);
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Opens a new transport to this endpoint. */
    public QccTransport open(Duration connectTimeout) throws IOException {
        return switch (iface) {
            case SERIAL -> SerialTransport.open(Path.of(device));
            case TCP -> {
                HostPort hp = HostPort.parse(device);
                yield TcpTransport.connect(hp.host(), hp.port(), connectTimeout);
            }
            case TCPUDP -> {
                HostPort hp = HostPort.parse(device);
                yield TcpUdpTransport.connect(hp.host(), hp.port(), udpPort, connectTimeout);
            }
        };
    }

    @Override
    public String toString() {
        return iface.cliName() + ":" + device + (iface == QccInterface.TCPUDP ? " (udp " + udpPort + ")" : "");
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; the port defaults to 54,936. */
    record HostPort(String host, int port) {
        static HostPort parse(String s) {
            String host;
            String port = null;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("device '" + s + "': missing ']' after the IPv6 address");
                }
                host = s.substring(1, close);
                String rest = s.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("device '" + s + "': expected ':port' after ']'");
                    }
                    port = rest.substring(1);
                }
            } else {
                int colon = s.lastIndexOf(':');
                if (colon >= 0 && s.indexOf(':') != colon) {
                    host = s; // a bare IPv6 address
                } else if (colon >= 0) {
                    host = s.substring(0, colon);
                    port = s.substring(colon + 1);
                } else {
                    host = s;
                }
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("device '" + s + "': no host");
            }
            int p = QccInterface.DEFAULT_PORT;
            if (port != null) {
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    p = -1;
                }
                if (p < 1 || p > 65_535) {
                    throw new IllegalArgumentException("device '" + s + "': port must be 1..65535");
                }
            }
            return new HostPort(host, p);
        }
    }
}
