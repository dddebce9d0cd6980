package io.pqrstuv.operation.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A syslog server: an IP literal on the local network and a UDP port (D-33). Host names are
 * refused: resolving them would mean reaching out to a DNS server.
 */
public record SyslogAddress(InetAddress address, int port) {
    public SyslogAddress {
        Objects.requireNonNull(address);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
    }

    /** The host as {@code logger -n} takes it: the bare literal, no brackets. */
    public String host() {
        return address.getHostAddress();
    }

    /**
     * Reads {@code {"syslog_server_host": "<local IP literal>", "syslog_port": 1..65535}}; empty when
     * anything is missing, of the wrong type, not a literal or not local.
     */
    public static Optional<SyslogAddress> fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        JsonNode host = json.get("syslog_server_host");
        JsonNode port = json.get("syslog_port");
        if (host == null || !host.isTextual() || port == null || !port.isIntegralNumber() || !port.canConvertToInt()) {
            return Optional.empty();
        }
        int p = port.asInt();
        if (p < 1 || p > 65535) {
            return Optional.empty();
        }
        return literal(host.asText()).filter(SyslogAddress::isLocal).map(a -> new SyslogAddress(a, p));
    }

    private static Optional<InetAddress> literal(String s) {
        if (s.isEmpty() || s.length() > 45 || s.chars().anyMatch(c -> !(Character.isLetterOrDigit(c) || c == '.' || c == ':'))) {
            return Optional.empty(); // no zone ids, no brackets, no names
        }
        if (!s.contains(":") && !s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return Optional.empty(); // dotted quad only: no "10.1" shorthand, no octal or hex forms
        }
        try {
            return Optional.of(InetAddress.ofLiteral(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 1918, 100.64/10, 169.254/16, loopback; ULA fc00::/7, link-local fe80::/10, ::1. */
    static boolean isLocal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            return b0 == 10 || b0 == 127
                    || (b0 == 172 && b1 >= 16 && b1 <= 31)
                    || (b0 == 192 && b1 == 168)
                    || (b0 == 100 && b1 >= 64 && b1 <= 127)
                    || (b0 == 169 && b1 == 254);
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xFF;
            int b1 = b[1] & 0xFF;
            return a.isLoopbackAddress() || (b0 & 0xFE) == 0xFC || (b0 == 0xFE && (b1 & 0xC0) == 0x80);
        }
        return false;
    }

    @Override
    public String toString() {
        return host() + ":" + port;
    }
}
