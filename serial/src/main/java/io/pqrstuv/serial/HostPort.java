package io.pqrstuv.serial;

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
