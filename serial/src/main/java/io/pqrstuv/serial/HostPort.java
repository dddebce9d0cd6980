package io.pqrstuv.serial;

import java.net.InetSocketAddress;

/**
 * A host and a TCP port written {@code HOST:PORT} or {@code [IPv6]:PORT}: the one parser for link
 * specs ({@code tcp:…}, {@code tcp-listen:…}) and the launchers' {@code --listen} addresses.
 */
public record HostPort(String host, int port) {

    /** A listen address: port 0 (any free port) allowed. */
    public static HostPort parseListen(String text) {
        return parse(text, "listen address '" + text + "'", true);
    }

    /**
     * @param what how error messages name the text, e.g. {@code link spec 'tcp:host:x'}
     * @param portZeroAllowed whether port 0 (let the system choose, for listening) is valid
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static HostPort parse(String text, String what, boolean portZeroAllowed) {
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(what + " has a malformed [IPv6]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(what + " lacks ':<port>'");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(what + ": write IPv6 hosts in brackets, e.g. [::1]:4000");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(what + " names no host");
        }
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " has an invalid port '" + portText + "'");
        }
        int port = Integer.parseInt(portText);
        if (port > 65535 || (port == 0 && !portZeroAllowed)) {
            throw new IllegalArgumentException(what + " has port " + port + " outside "
                    + (portZeroAllowed ? "0" : "1") + "..65535");
        }
        return new HostPort(host, port);
    }

    /** The socket address (the host name is resolved now). */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }
}
