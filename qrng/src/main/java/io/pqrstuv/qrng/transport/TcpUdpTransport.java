package io.pqrstuv.qrng.transport;

import io.pqrstuv.qrng.error.QccDisconnectedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;

/**
 * The networked devices' "tcpudp" (notes §3.2): commands and replies on a TCP connection to the
 * device (port 54,936 by default), random data as UDP datagrams to the host's port (54,936 by
 * default, bound on every address with SO_REUSEADDR as the vendor's client does).
 *
 * <p>Only datagrams from the device's own IP address are taken; anything else on the port is
 * dropped and counted ({@link #foreignDatagrams()}), so another host cannot inject "random" data.
 * A datagram longer than what a read asks for is kept for the next read. UDP is not reliable: a
 * lost datagram shows up as a read that runs into its deadline.
 */
public final class TcpUdpTransport extends TcpTransport {
    private static final int MAX_DATAGRAM = 65_536;

    private final DatagramChannel udp;
    private final Selector selector;
    private final InetAddress deviceAddress;
    private final ByteBuffer pending = ByteBuffer.allocate(MAX_DATAGRAM).flip();
    private final int udpPort;
    private long foreign;

    private TcpUdpTransport(java.net.Socket socket, String description, DatagramChannel udp, Selector selector)
            throws IOException {
        super(socket, description);
        this.udp = udp;
        this.selector = selector;
        this.deviceAddress = socket.getInetAddress();
        this.udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
    }

    /**
     * Binds the UDP port first (so no datagram is lost), then connects to the device.
     *
     * @param udpPort the host port the device sends data to; 0 picks a free one (see {@link #udpPort()})
     */
    public static TcpUdpTransport connect(String host, int tcpPort, int udpPort, Duration connectTimeout)
            throws IOException {
        if (udpPort < 0 || udpPort > 65_535) {
            throw new IllegalArgumentException("UDP port must be 0..65535, got " + udpPort);
        }
        DatagramChannel udp = DatagramChannel.open();
        Selector selector = null;
        try {
            udp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // Room for bursts at full speed; the kernel caps this at net.core.rmem_max.
            udp.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            try {
                udp.bind(new InetSocketAddress(udpPort));
            } catch (IOException e) {
                throw new IOException("cannot bind UDP port " + udpPort + " for the random data: " + e.getMessage()
                        + " (reserve it with net.ipv4.ip_local_reserved_ports, or choose another)", e);
            }
            udp.configureBlocking(false);
            selector = Selector.open();
            udp.register(selector, SelectionKey.OP_READ);
            java.net.Socket s = connectSocket(host, tcpPort, connectTimeout);
            return new TcpUdpTransport(s, "tcpudp:" + host + ":" + tcpPort + " (data on udp:"
                    + ((InetSocketAddress) udp.getLocalAddress()).getPort() + ")", udp, selector);
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            udp.close();
            throw e;
        }
    }

    /** The bound UDP port the device must send data to. */
    public int udpPort() {
        return udpPort;
    }

    /** Datagrams dropped because they did not come from the device's address. */
    public long foreignDatagrams() {
        return foreign;
    }

    @Override
    public boolean separateDataChannel() {
        return true;
    }

    @Override
    public int readData(byte[] buf, int off, int len, long deadlineNanos) throws IOException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        while (!pending.hasRemaining()) {
            if (!receive(deadlineNanos)) {
                return 0;
            }
        }
        int n = Math.min(len, pending.remaining());
        pending.get(buf, off, n);
        return n;
    }

    /** Receives one datagram from the device into {@code pending}; false at the deadline. */
    private boolean receive(long deadlineNanos) throws IOException {
        while (true) {
            pending.clear();
            SocketAddress from;
            try {
                from = udp.receive(pending);
            } catch (IOException e) {
                throw new QccDisconnectedException(describe() + ": UDP receive failed: " + e.getMessage(), e);
            }
            if (from != null) {
                pending.flip();
                if (((InetSocketAddress) from).getAddress().equals(deviceAddress)) {
                    return true;
                }
                foreign++;
                pending.limit(0);
                continue;
            }
            pending.flip().limit(0);
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            selector.select(Math.max(1, (left + 999_999) / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    @Override
    public long discardInput() throws IOException {
        long total = super.discardInput() + pending.remaining();
        pending.clear().flip();
        ByteBuffer sink = ByteBuffer.allocate(MAX_DATAGRAM);
        while (true) {
            sink.clear();
            if (udp.receive(sink) == null) {
                break;
            }
            total += sink.position();
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            selector.close();
            udp.close();
        }
    }
}
