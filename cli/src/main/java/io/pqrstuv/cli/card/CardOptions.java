package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.error.CardTransportException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import io.pqrstuv.cryptnox.transport.RemoteConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the card is: a PC/SC reader (by number or name) or a remote card server. */
final class CardOptions {
    /** Environment default for --reader, so a script or a shell can set it once. */
    static final String READER_ENV = "PQRSTUV_CARD_READER";

    @Option(names = "--reader", paramLabel = "N|NAME",
            description = "PC/SC reader: its number (from 0, as list-readers shows) or (part of) its name "
                    + "(default: $" + READER_ENV + ", else 0).")
    String reader;

    @Option(names = "--remote", paramLabel = "HOST:PORT",
            description = "Use the card served at HOST:PORT in the Cryptnox remote socket mode instead of a reader.")
    String remote;

    @Option(names = "--remote-listen", paramLabel = "[HOST:]PORT",
            description = "Wait on PORT (loopback unless HOST is given) for a card server to connect in the remote mode.")
    String remoteListen;

    @Option(names = "--card-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up on the card after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    CardConnection connect() throws UserException, CardTransportException {
        int given = (reader != null ? 1 : 0) + (remote != null ? 1 : 0) + (remoteListen != null ? 1 : 0);
        if (given > 1) {
            throw new UserException(ExitCodes.USAGE, "give only one of --reader, --remote and --remote-listen");
        }
        if (timeoutSeconds < 1) {
            throw new UserException(ExitCodes.USAGE, "--card-timeout must be at least 1 second");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (remote != null) {
            InetSocketAddress a = hostPort(remote, "--remote", null);
            return RemoteConnection.connect(a.getHostString(), a.getPort(), timeout);
        }
        if (remoteListen != null) {
            InetSocketAddress a = hostPort(remoteListen, "--remote-listen", InetAddress.getLoopbackAddress());
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(a, 1);
                return RemoteConnection.accept(server, timeout);
            } catch (IOException e) {
                throw new UserException(ExitCodes.USAGE, "cannot listen on " + remoteListen + ": " + e.getMessage());
            }
        }
        String r = reader != null ? reader : System.getenv(READER_ENV);
        return PcscConnection.openReader(r == null || r.isBlank() ? "0" : r.strip());
    }

    /** A one-word summary for messages. */
    String where() {
        if (remote != null) {
            return "remote card at " + remote;
        }
        if (remoteListen != null) {
            return "remote card on port " + remoteListen;
        }
        return "reader " + (reader != null ? reader : "0");
    }

    static InetSocketAddress hostPort(String text, String option, InetAddress defaultHost) throws UserException {
        String host;
        String port;
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            if (defaultHost == null) {
                throw new UserException(ExitCodes.USAGE, option + " needs HOST:PORT, not '" + text + "'");
            }
            host = null;
            port = text;
        } else {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535 || (p == 0 && defaultHost == null)) {
            throw new UserException(ExitCodes.USAGE, option + ": bad port '" + port + "'");
        }
        if (host == null || host.isEmpty()) {
            return new InetSocketAddress(defaultHost, p);
        }
        return new InetSocketAddress(host, p);
    }
}
