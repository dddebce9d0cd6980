package io.pqrstuv.cryptnox.transport;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardTransportException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A card behind a TCP socket, in the remote mode of the Python library (notes §1.2): this side sends
 * commands, the peer (a card server, e.g. {@code pqrstuv emulate cryptnox --remote}) answers. The
 * protocol only says "an already-connected socket", so both ways to get one are offered: connect to
 * a card server that listens ({@link #connect}), or listen and let the card server connect
 * ({@link #accept}). A new connection is a new card session (the server powers the card up).
 */
public final class RemoteConnection implements CardConnection {
    /** The Python library's per-exchange timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String description;
    private boolean closed;

    private RemoteConnection(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.description = "remote card at " + socket.getRemoteSocketAddress();
    }

    /** Wraps a connected socket (the exact API of the Python library's {@code conn=[sock]}). */
    public static RemoteConnection over(Socket socket, Duration timeout) throws CardTransportException {
        try {
            return new RemoteConnection(socket, timeout);
        } catch (IOException e) {
            throw new CardTransportException("cannot use the socket: " + e.getMessage(), e);
        }
    }

    /** Connects to a card server listening on {@code host:port}. */
    public static RemoteConnection connect(String host, int port, Duration timeout) throws CardTransportException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), Math.toIntExact(Math.max(1, timeout.toMillis())));
            return new RemoteConnection(s, timeout);
        } catch (IOException e) {
            closeQuietly(s);
            throw new CardTransportException("cannot reach the card server at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits on {@code server} until a card server connects (at most {@code timeout}). */
    public static RemoteConnection accept(ServerSocket server, Duration timeout) throws CardTransportException {
        try {
            server.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            return new RemoteConnection(server.accept(), timeout);
        } catch (SocketTimeoutException e) {
            throw new CardTransportException("no card server connected to port " + server.getLocalPort()
                    + " within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new CardTransportException("cannot accept a card server: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        if (closed) {
            throw new CardTransportException("the remote card connection is closed");
        }
        try {
            out.write(RemoteFraming.frameCommand(command));
            out.flush();
            byte[] header = in.readNBytes(RemoteFraming.HEADER);
            if (header.length == 0) {
                throw new EOFException("the card server closed the connection");
            }
            if (header.length != RemoteFraming.HEADER) {
                throw new EOFException("connection closed inside a header (" + header.length + " of 64 bytes)");
            }
            int n = RemoteFraming.parseHeader(header);
            byte[] body = in.readNBytes(n);
            if (body.length != n) {
                throw new EOFException("connection closed after " + body.length + " of " + n + " bytes");
            }
            return RemoteFraming.parseReply(body);
        } catch (CardProtocolException e) {
            close();
            throw new CardTransportException(description + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            close();
            throw new CardTransportException(description + ": no answer within " + socketTimeoutSeconds() + " s", e);
        } catch (IOException e) {
            close();
            throw new CardTransportException(description + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }

    private int socketTimeoutSeconds() {
        try {
            return socket.getSoTimeout() / 1000;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String description() {
        return description;
    }

    /** Sends {@code !Close} (the official CLI's goodbye) and closes the socket. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.write(RemoteFraming.frame(RemoteFraming.CLOSE.getBytes(StandardCharsets.US_ASCII)));
            out.flush();
        } catch (IOException ignored) {
            // the peer is gone already
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
