package io.pqrstuv.qrng.transport;

import java.util.Locale;

/** The interfaces of pyqcc ({@code -i}): serial, tcp and tcpudp. */
public enum QccInterface {
    /** A tty or pty at 1,000,000 baud 8N1, no flow control. */
    SERIAL,
    /** The serial byte stream over one TCP connection (notes §3.2 [P]). */
    TCP,
    /** Commands and replies on TCP, random data as UDP datagrams to the host (notes §3.2). */
    TCPUDP;

    /** Default TCP port of the networked devices and UDP port of the host ({@code QCC_DEFAULT_PORT}). */
    public static final int DEFAULT_PORT = 54_936;

    /** Parses the pyqcc name. {@code udp} is refused: it is listed by pyqcc-cli but documented nowhere. */
    public static QccInterface parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "serial" -> SERIAL;
            case "tcp" -> TCP;
            case "tcpudp" -> TCPUDP;
            case "udp" -> throw new IllegalArgumentException(
                    "interface 'udp' is not supported: no device or document defines it; use tcpudp (commands on TCP, "
                            + "data on UDP) or tcp");
            default -> throw new IllegalArgumentException("unknown interface '" + name + "': use serial, tcp or tcpudp");
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
