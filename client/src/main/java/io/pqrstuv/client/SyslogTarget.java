package io.pqrstuv.client;

import java.nio.charset.StandardCharsets;

/**
 * A syslog server for /set_syslog (D-33): an IP literal on the local network and a UDP port. The
 * device refuses host names, so none are accepted here either.
 */
public record SyslogTarget(String host, int port) {
    public SyslogTarget {
        if (host == null || !host.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("syslog host must be an IPv4 or IPv6 literal (the device does no DNS)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("syslog port must be 1..65535");
        }
    }

    /** The signed document: {@code {"syslog_server_host":"…","syslog_port":n}} in UTF-8 (D-26). */
    public byte[] toJson() {
        // The host matched [0-9A-Fa-f:.]+, so it needs no JSON escaping.
        return ("{\"syslog_server_host\":\"" + host + "\",\"syslog_port\":" + port + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
