package io.pqrstuv.operation.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One hand-driven connection to the device from a chosen loopback source address: raw TCP (which
 * may trickle a ClientHello) or TLS 1.3 (which may trickle HTTP), and a way to see when the server
 * closes it.
 */
final class RawConnection implements AutoCloseable {
    private static final SSLContext TLS = trustAnything();

    private final Socket tcp;
    private final Socket socket;
    private final long openedNanos = System.nanoTime();
    /** When the server's close was first seen (System.nanoTime), or 0 while open. */
    private long closedNanos;

    private RawConnection(Socket tcp, Socket socket) {
        this.tcp = tcp;
        this.socket = socket;
    }

    static RawConnection tcp(String source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new RawConnection(s, s);
    }

    static RawConnection tls(String source, int port) throws IOException {
        RawConnection raw = tcp(source, port);
        SSLSocket ssl = (SSLSocket) TLS.getSocketFactory().createSocket(raw.tcp, "device", port, true);
        ssl.setSoTimeout(30_000);
        ssl.startHandshake();
        return new RawConnection(raw.tcp, ssl);
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** Writes {@code bytes} one at a time, {@code gap} apart, while the server keeps the connection. */
    void trickle(byte[] bytes, Duration gap) throws IOException {
        for (byte b : bytes) {
            if (closedWithin(gap)) {
                return;
            }
            try {
                write(new byte[] {b});
            } catch (IOException e) {
                sawClose(); // reset by the server between two bytes
                return;
            }
        }
    }

    /** A complete request and its reply: the status code. */
    int exchange(String request) throws IOException {
        write(request);
        return readReplyStatus();
    }

    int readReplyStatus() throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a reply");
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(headers.substring(9, 12));
    }

    /** True if the server closed the connection within {@code wait} (what it sends meanwhile is discarded). */
    boolean closedWithin(Duration wait) throws IOException {
        if (closedNanos != 0) {
            return true; // once seen, the socket refuses further reads: remember it
        }
        long end = System.nanoTime() + wait.toNanos();
        byte[] sink = new byte[4096];
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            try {
                socket.setSoTimeout((int) left);
                if (socket.getInputStream().read(sink) < 0) {
                    return sawClose();
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return sawClose(); // reset, or the TLS layer already shut its input on close_notify
            }
        }
    }

    private boolean sawClose() {
        closedNanos = System.nanoTime();
        return true;
    }

    /**
     * Milliseconds from {@code since} (System.nanoTime) until the server closed the connection (as
     * first seen, perhaps while trickling), or -1 if it is still open {@code max} after {@code since}.
     */
    long millisUntilClosed(long since, Duration max) throws IOException {
        if (closedNanos == 0 && !closedWithin(max.minusNanos(System.nanoTime() - since))) {
            return -1;
        }
        return (closedNanos - since) / 1_000_000;
    }

    long openedNanos() {
        return openedNanos;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        tcp.close();
    }

    /** A real TLS 1.3 ClientHello record. */
    static byte[] clientHello() throws Exception {
        SSLEngine engine = TLS.createSSLEngine("device", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    private static SSLContext trustAnything() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
