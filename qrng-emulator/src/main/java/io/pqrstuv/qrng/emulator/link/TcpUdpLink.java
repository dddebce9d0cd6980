package io.pqrstuv.qrng.emulator.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * pyqcc's "tcpudp" interface (notes §3.2): commands and replies on TCP — including ACK + status of
 * START and STOP, and in-stream NACKs — and random data as UDP datagrams sent to the TCP peer's
 * address on the host's data port (54,936 by default). A datagram is at most {@code datagramSize}
 * bytes, so a client reading {@code read_size} bytes per datagram never truncates one.
 */
public final class TcpUdpLink extends TcpLink {
    /** Fits a 1500-byte MTU (notes §3.2 [P]); the C client reads up to 1,760 per datagram. */
    public static final int DEFAULT_DATAGRAM = 1472;

    private final DatagramChannel udp;
    private final SelectionKey udpKey;
    private final InetSocketAddress target;
    private final int datagramSize;
    private final long pace;

    public TcpUdpLink(SocketChannel channel, int hostUdpPort, int datagramSize, long paceBytesPerSecond)
            throws IOException {
        super(channel);
        if (datagramSize < 1 || datagramSize > 65_507) {
            throw new IllegalArgumentException("datagram size must be 1..65507");
        }
        this.target = new InetSocketAddress(peer().getAddress(), hostUdpPort);
        this.udp = DatagramChannel.open();
        this.udp.configureBlocking(false);
        this.udp.connect(target);
        this.udpKey = udp.register(selector, 0);
        this.datagramSize = datagramSize;
        this.pace = paceBytesPerSecond;
    }

    @Override
    public int await(boolean wantDataRoom, int timeoutMillis) throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        udpKey.interestOps(wantDataRoom ? SelectionKey.OP_WRITE : 0);
        return select(timeoutMillis);
    }

    @Override
    public int writeData(byte[] b, int off, int len) throws IOException {
        int sent = 0;
        while (sent < len) {
            int n = Math.min(datagramSize, len - sent);
            try {
                if (udp.write(ByteBuffer.wrap(b, off + sent, n)) == 0) {
                    break; // no room in the socket buffer: the caller decides
                }
            } catch (PortUnreachableException e) {
                // nobody listens on the host's data port (an ICMP reply to an earlier datagram): lost
            }
            sent += n;
        }
        return sent;
    }

    @Override
    public boolean sharedStream() {
        return false;
    }

    @Override
    public long dataPaceBytesPerSecond() {
        return pace;
    }

    @Override
    public String describe() {
        return super.describe() + ", data to udp " + target;
    }

    @Override
    public void close() {
        try {
            udp.close();
        } catch (IOException ignored) {
            // closing
        }
        super.close();
    }
}
