package io.pqrstuv.qrng.testing;

import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal well-behaved device on a loopback TCP stream for tests of the layers above the line
 * discipline (JCA): GET_STATUS, GET_CONFIG, GET_INFO, one-shot START and STOP, with a status the
 * test sets. It is not the emulator: no timing, no continuous mode, data from SecureRandom.
 */
public final class FakeQcc implements AutoCloseable {
    public final AtomicReference<QccStatus> status =
            new AtomicReference<>(new QccStatus(true, false, false, false, false, false, false, false, 13_440));
    public final AtomicReference<QccConfig> config = new AtomicReference<>(QccConfig.typical());
    public final AtomicLong bytesServed = new AtomicLong();
    private final ServerSocket server;
    private final Thread thread;
    private final SecureRandom random = new SecureRandom();

    public FakeQcc() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().daemon().name("fake-qcc").start(this::serve);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        try {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    handle(s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    // next connection
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    private void handle(InputStream in, OutputStream out) throws IOException {
        int c;
        while ((c = in.read()) >= 0) {
            switch (c) {
                case 0x01, 0x05 -> out.write(ack());
                case 0x07 -> {
                    out.write(0x17);
                    out.write(config.get().encode());
                }
                case 0x0B -> {
                    byte[] info = new io.pqrstuv.qrng.wire.QccInfo(0x0001000C, 0x0005000E, "QC0000000042", "CICADA-QRNG-1.1")
                            .encode();
                    out.write(0x1B);
                    out.write(info);
                }
                case 0x04 -> {
                    byte[] p = in.readNBytes(3);
                    int len = (p[1] & 0xFF) | (p[2] & 0xFF) << 8;
                    if (p[0] != 1 || len == 0) {
                        out.write(0x12);
                        break;
                    }
                    byte[] data = new byte[len];
                    random.nextBytes(data);
                    byte[] a = ack();
                    byte[] all = java.util.Arrays.copyOf(a, a.length + len);
                    System.arraycopy(data, 0, all, a.length, len);
                    bytesServed.addAndGet(len); // before the host can see the data
                    out.write(all);
                }
                default -> out.write(0x12);
            }
            out.flush();
        }
    }

    private byte[] ack() {
        byte[] s = status.get().encode();
        byte[] a = new byte[6];
        a[0] = 0x11;
        System.arraycopy(s, 0, a, 1, 5);
        return a;
    }

    public static QccStatus failing(boolean rct) {
        return new QccStatus(true, false, false, false, false, false, rct, !rct, 13_440);
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }
}
