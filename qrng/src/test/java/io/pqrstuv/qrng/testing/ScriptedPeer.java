package io.pqrstuv.qrng.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deterministic, scripted device on the far end of a loopback TCP connection, for unit tests of
 * the library's line discipline before (and beside) the emulator. A script is a list of steps run
 * in order on the peer's thread: expect exact bytes, send bytes, stream until STOP, stay silent.
 * Any deviation is recorded and rethrown by {@link #awaitDone()}.
 */
public final class ScriptedPeer implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private final ServerSocket server;
    private Socket socket;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread runner;
    private DatagramSocket udp;
    private InetSocketAddress udpTarget;

    private ScriptedPeer(ServerSocket server) {
        this.server = server;
    }

    public static ScriptedPeer start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new ScriptedPeer(s);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Data for tcpudp goes to this host UDP port (sent from {@code from}, normally the loopback). */
    public void sendDataOverUdp(int hostPort, String from) throws IOException {
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0));
        udpTarget = new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort);
    }

    private Socket socket() throws IOException {
        if (socket == null) {
            server.setSoTimeout(5000);
            socket = server.accept();
            socket.setTcpNoDelay(true);
        }
        return socket;
    }

    /** Runs {@code script} on the peer thread; {@link #awaitDone()} waits for it. */
    public void run(Step... steps) {
        if (runner != null && runner.isAlive()) {
            throw new IllegalStateException("previous script still running");
        }
        runner = Thread.ofPlatform().daemon().name("scripted-peer").start(() -> {
            try {
                Socket s = socket();
                for (Step step : steps) {
                    step.run(this, s.getInputStream(), s.getOutputStream());
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** Runs steps that need no TCP connection (UDP only), on the peer thread. */
    public void runWithoutConnection(Step... steps) {
        runner = Thread.ofPlatform().daemon().name("scripted-peer-udp").start(() -> {
            try {
                for (Step step : steps) {
                    step.run(this, null, null);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** Waits for the script and rethrows what went wrong on the peer. */
    public void awaitDone() throws Exception {
        runner.join(TimeUnit.SECONDS.toMillis(20));
        if (runner.isAlive()) {
            throw new AssertionError("script did not finish");
        }
        Throwable t = failure.getAndSet(null);
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Closes the connection (the device "goes away"). */
    public void hangUp() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        if (runner != null) {
            runner.interrupt();
        }
        if (socket != null) {
            socket.close();
        }
        server.close();
        if (udp != null) {
            udp.close();
        }
    }

    @FunctionalInterface
    public interface Step {
        void run(ScriptedPeer peer, InputStream in, OutputStream out) throws Exception;
    }

    public static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    /** Reads exactly the bytes of {@code hex} (within 5 s) and fails on any difference. */
    public static Step expect(String hex) {
        byte[] want = hex(hex);
        return expect(want);
    }

    public static Step expect(byte[] want) {
        return (peer, in, out) -> {
            byte[] got = readN(peer, in, want.length, 5000);
            if (!Arrays.equals(got, want)) {
                throw new AssertionError("peer expected " + HEX.formatHex(want) + " but got " + HEX.formatHex(got));
            }
        };
    }

    /** Reads exactly {@code n} bytes (a long frame) and hands them to {@code check}. */
    public static Step expectFrame(int n, java.util.function.Consumer<byte[]> check) {
        return (peer, in, out) -> check.accept(readN(peer, in, n, 5000));
    }

    private static byte[] readN(ScriptedPeer peer, InputStream in, int n, int timeoutMillis) throws IOException {
        peer.socket.setSoTimeout(timeoutMillis);
        byte[] got = new byte[n];
        int done = 0;
        while (done < n) {
            int r;
            try {
                r = in.read(got, done, n - done);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("peer timed out after " + done + " of " + n + " bytes: "
                        + HEX.formatHex(got, 0, done));
            }
            if (r < 0) {
                throw new AssertionError("host closed after " + done + " of " + n + " bytes");
            }
            done += r;
        }
        return got;
    }

    /** Sends the bytes of {@code hex} in one write. */
    public static Step send(String hex) {
        return send(hex(hex));
    }

    public static Step send(byte[] bytes) {
        return (peer, in, out) -> {
            out.write(bytes);
            out.flush();
        };
    }

    /** Sends {@code n} random bytes in one write. */
    public static Step sendRandom(int n) {
        return (peer, in, out) -> {
            byte[] b = new byte[n];
            ThreadLocalRandom.current().nextBytes(b);
            out.write(b);
            out.flush();
        };
    }

    /** Sends {@code n} random bytes as UDP datagrams of {@code size} to the host. */
    public static Step sendRandomUdp(int n, int size) {
        return (peer, in, out) -> {
            byte[] b = new byte[size];
            for (int done = 0; done < n; done += size) {
                int len = Math.min(size, n - done);
                ThreadLocalRandom.current().nextBytes(b);
                peer.udp.send(new DatagramPacket(b, len, peer.udpTarget));
            }
        };
    }

    public static Step pause(long millis) {
        return (peer, in, out) -> Thread.sleep(millis);
    }

    /**
     * Streams random data in {@code chunk}-byte writes every {@code periodMillis} until a STOP
     * ({@code 05}) arrives, then sends ACK + {@code status} as the last bytes. Any other byte read
     * while streaming is answered with a NACK in the stream.
     */
    public static Step streamUntilStop(int chunk, long periodMillis, String status) {
        return (peer, in, out) -> {
            byte[] b = new byte[chunk];
            peer.socket.setSoTimeout(1);
            while (true) {
                int c;
                try {
                    c = in.read();
                } catch (SocketTimeoutException e) {
                    c = -2;
                }
                if (c == 0x05) {
                    out.write(hex("11 " + status));
                    out.flush();
                    return;
                }
                if (c >= 0) {
                    out.write(0x12);
                }
                ThreadLocalRandom.current().nextBytes(b);
                out.write(b);
                out.flush();
                if (periodMillis > 0) {
                    Thread.sleep(periodMillis);
                }
            }
        };
    }

    /** Records what the host sends for {@code millis} (nothing expected). */
    public static Step expectSilence(long millis) {
        return (peer, in, out) -> {
            peer.socket.setSoTimeout((int) millis);
            List<Integer> got = new ArrayList<>();
            try {
                int c = in.read();
                if (c >= 0) {
                    got.add(c);
                }
            } catch (SocketTimeoutException e) {
                return;
            }
            throw new AssertionError("host sent " + got + " while it should be silent");
        };
    }
}
