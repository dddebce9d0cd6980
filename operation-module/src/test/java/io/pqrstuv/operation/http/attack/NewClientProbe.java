package io.pqrstuv.operation.http.attack;

import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A legitimate new client: a fresh TCP connection from its own source address, a full TLS 1.3
 * handshake against the pinned device certificate, {@code GET /info}, the whole reply read, all
 * within a deadline. One call is one try.
 */
public final class NewClientProbe {
    /** One try: when it started (ms since the probe was made), how long it took, and how it ended. */
    public record Result(long startMillis, long millis, int status, String error) {
        public boolean ok() {
            return status == 200 && error == null;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "t=%.1fs %dms %s", startMillis / 1000.0, millis,
                    ok() ? "200" : status + " " + error);
        }
    }

    private static final String REQUEST = "GET /info HTTP/1.1\r\nHost: device\r\nSession: AAAAAA\r\n"
            + "Authorization: AAAAAAAAAAAAAAAAAAAAAA\r\n\r\n";

    private final InetSocketAddress target;
    private final InetAddress source;
    private final SSLContext tls;
    private final Duration deadline;
    private final long createdNanos = System.nanoTime();

    public NewClientProbe(InetSocketAddress target, InetAddress source, X509Certificate device, Duration deadline)
            throws Exception {
        this.target = target;
        this.source = source;
        this.tls = PinnedTrust.context(new PinnedTrust(List.of(device)), "TLSv1.3");
        this.deadline = deadline;
    }

    public Result call() {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        int status = 0;
        String error = null;
        try (Socket tcp = new Socket()) {
            tcp.bind(new InetSocketAddress(source, 0));
            tcp.connect(target, remainingMillis(end));
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, "device", target.getPort(), true)) {
                s.setSoTimeout(remainingMillis(end));
                s.startHandshake();
                s.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                status = readReply(s, end);
            }
        } catch (SocketTimeoutException e) {
            error = "timeout";
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (error == null && System.nanoTime() > end) {
            error = "over the deadline";
        }
        return new Result((start - createdNanos) / 1_000_000, millis, status, error);
    }

    /** Status of a complete reply (headers and Content-Length body), or an exception. */
    private static int readReply(SSLSocket s, long end) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            s.setSoTimeout(remainingMillis(end));
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the reply");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headers.substring(9, 12));
        int length = -1;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length");
        }
        byte[] body = new byte[length];
        int got = 0;
        while (got < length) {
            s.setSoTimeout(remainingMillis(end));
            int n = in.read(body, got, length - got);
            if (n < 0) {
                throw new IOException("reply body cut short");
            }
            got += n;
        }
        if (status == 200 && !new String(body, StandardCharsets.UTF_8).contains("\"code\"")) {
            throw new IOException("200 without an ECP body");
        }
        return status;
    }

    private static int remainingMillis(long endNanos) throws SocketTimeoutException {
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline");
        }
        return (int) left;
    }
}
