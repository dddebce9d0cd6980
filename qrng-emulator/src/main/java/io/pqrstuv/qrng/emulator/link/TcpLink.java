package io.pqrstuv.qrng.emulator.link;

import io.pqrstuv.qrng.emulator.device.HostLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The serial byte stream over one TCP connection (pyqcc's "tcp" interface, notes §3.2 [P]): commands,
 * replies and random data share the connection. The send buffer is kept small so that a host that
 * stops reading builds up little backlog on the device side.
 */
public class TcpLink implements HostLink {
    static final int SEND_BUFFER = 16 * 1024;
    private static final long REPLY_WAIT_NANOS = 2_000_000_000L;

    protected final SocketChannel channel;
    protected final Selector selector;
    protected final SelectionKey key;
    private final String peer;
    private volatile boolean closed;

    public TcpLink(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
        this.peer = String.valueOf(channel.getRemoteAddress());
    }

    /** The host's address. */
    public InetSocketAddress peer() throws IOException {
        return (InetSocketAddress) channel.getRemoteAddress();
    }

    @Override
    public int await(boolean wantDataRoom, int timeoutMillis) throws IOException {
        key.interestOps(SelectionKey.OP_READ | (wantDataRoom ? SelectionKey.OP_WRITE : 0));
        return select(timeoutMillis);
    }

    protected int select(int timeoutMillis) throws IOException {
        if (timeoutMillis <= 0) {
            selector.selectNow();
        } else {
            selector.select(timeoutMillis);
        }
        int ev = 0;
        for (SelectionKey k : selector.selectedKeys()) {
            if (!k.isValid()) {
                return CLOSED;
            }
            if (k.isReadable()) {
                ev |= READABLE;
            }
            if (k.isWritable()) {
                ev |= WRITABLE;
            }
        }
        selector.selectedKeys().clear();
        return ev;
    }

    @Override
    public int read(byte[] buf) throws IOException {
        try {
            int n = channel.read(ByteBuffer.wrap(buf));
            return n < 0 ? -1 : n;
        } catch (IOException e) {
            return -1; // reset by the host
        }
    }

    @Override
    public void writeReply(byte[] reply) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(reply);
        long deadline = System.nanoTime() + REPLY_WAIT_NANOS;
        channel.write(b);
        while (b.hasRemaining()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            key.interestOps(SelectionKey.OP_WRITE);
            selector.select(Math.max(1, Math.min(50, left / 1_000_000)));
            selector.selectedKeys().clear();
            channel.write(b);
        }
    }

    @Override
    public int writeData(byte[] b, int off, int len) throws IOException {
        return channel.write(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public boolean sharedStream() {
        return true;
    }

    @Override
    public String describe() {
        return "tcp " + peer;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
