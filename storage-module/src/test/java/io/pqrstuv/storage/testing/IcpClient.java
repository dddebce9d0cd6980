package io.pqrstuv.storage.testing;

import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.ResponsePayloadException;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The test side of ICP, acting as the operation module: sends request frames and waits for reply
 * frames, with timeouts. Replies are parsed strictly (D-49): valid frame, defined code, no data
 * after an error.
 */
public final class IcpClient implements AutoCloseable {
    /** Long enough for any reply at 9600 bps (SLH-DSA-256f: 52 s) plus slow signing. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final Link link;
    private final Deque<ReceiverEvent> events = new ArrayDeque<>();
    private final FrameReceiver receiver = new FrameReceiver(events::add);
    private final byte[] buf = new byte[65536];
    private Duration timeout = DEFAULT_TIMEOUT;
    /** When any client last saw INCORRECT_SECRET (System.nanoTime), so a shared device's rate-limit window can be waited out. */
    private static volatile long lastIncorrectSecret = System.nanoTime() - Duration.ofDays(1).toNanos();

    public static long lastIncorrectSecretNanos() {
        return lastIncorrectSecret;
    }

    public IcpClient(Link link) {
        this.link = link;
    }

    public IcpClient timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    public void sendRaw(byte[] bytes) {
        try {
            link.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(RequestPayload request) {
        sendRaw(Frames.encode(request.encode()));
    }

    /** The next reply frame's payload, or null if none arrives within {@code wait}. */
    public byte[] awaitPayload(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            ReceiverEvent e = events.poll();
            if (e != null) {
                if (e instanceof ReceiverEvent.Payload p) {
                    return p.payload();
                }
                throw new AssertionError("the module sent a broken frame: " + e);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            int n;
            try {
                n = link.read(buf, 0, buf.length, Duration.ofNanos(Math.min(left, 200_000_000L)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            if (n < 0) {
                throw new AssertionError("link closed while waiting for a reply");
            }
            if (n > 0) {
                receiver.feed(buf, 0, n);
            }
        }
    }

    public ResponsePayload await(Duration wait) {
        byte[] p = awaitPayload(wait);
        if (p == null) {
            throw new AssertionError("no reply within " + wait);
        }
        try {
            ResponsePayload r = ResponsePayload.decode(p);
            if (r.code() == ResponseCode.INCORRECT_SECRET) {
                lastIncorrectSecret = System.nanoTime();
            }
            return r;
        } catch (ResponsePayloadException e) {
            throw new AssertionError("malformed reply: " + e.getMessage());
        }
    }

    public ResponsePayload await() {
        return await(timeout);
    }

    /** Asserts that nothing arrives for {@code wait}. */
    public void expectSilence(Duration wait) {
        byte[] p = awaitPayload(wait);
        if (p != null) {
            throw new AssertionError("unexpected reply of " + p.length + " bytes");
        }
    }

    public ResponsePayload call(RequestPayload request) {
        send(request);
        return await();
    }

    public ResponsePayload unauthenticated(Command command, byte[] opData) {
        return call(RequestPayload.unauthenticated(command, opData));
    }

    /** INIT: the session and nonce. */
    public Session init() {
        ResponsePayload r = unauthenticated(Command.INIT, new byte[0]);
        if (r.code() != ResponseCode.SUCCESS || r.data().length != 20) {
            throw new AssertionError("INIT failed: " + r);
        }
        return new Session(Sessions.fromBytes(r.data(), 0), Arrays.copyOfRange(r.data(), 4, 20));
    }

    /** A fresh session, then {@code command} with the token for {@code secret}. */
    public ResponsePayload authenticated(byte[] secret, Command command, byte[] opData) {
        Session s = init();
        return call(s.request(secret, command, opData));
    }

    /** A session from INIT. */
    public record Session(int id, byte[] nonce) {
        public byte[] token(byte[] secret) {
            return AuthToken.compute(secret, nonce);
        }

        public RequestPayload request(byte[] secret, Command command, byte[] opData) {
            return new RequestPayload(id, token(secret), command, opData);
        }

        public RequestPayload request(byte[] secret, int commandByte, byte[] opData) {
            return new RequestPayload(id, token(secret), commandByte, opData);
        }
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
