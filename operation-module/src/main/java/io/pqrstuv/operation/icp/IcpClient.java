package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.frame.FrameReceiver;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.serial.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The ICP side of the operation module: one worker thread owns the link and runs one command at
 * a time (spec: "synchronous command and response queuing"). Callers queue in strict FIFO order
 * and block until their own reply. A command is written exactly once; a missing or invalid
 * reply fails that call and is never retried (ECP-NET-11).
 */
public final class IcpClient implements IcpTransport, AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(250);

    private record Pending(RequestPayload request, CompletableFuture<IcpReply> result) {
    }

    private final Link link;
    private final ReplyTimeouts timeouts;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final byte[] readBuffer = new byte[8192];
    private volatile boolean closed;

    public IcpClient(Link link, ReplyTimeouts timeouts) {
        this.link = Objects.requireNonNull(link);
        this.timeouts = Objects.requireNonNull(timeouts);
        this.worker = Thread.ofPlatform().daemon().name("icp-client").unstarted(this::run);
        worker.start();
    }

    @Override
    public IcpReply call(RequestPayload request) throws IcpFailure {
        if (closed) {
            throw new IcpFailure("ICP client closed");
        }
        Pending p = new Pending(request, new CompletableFuture<>());
        queue.add(p);
        try {
            // The worker bounds every command by its reply timeout, so this wait always ends.
            return p.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IcpFailure("interrupted while waiting for the storage module");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IcpFailure f) {
                throw f;
            }
            throw new IcpFailure("ICP worker failed", e.getCause());
        }
    }

    private void run() {
        while (!closed) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            try {
                p.result.complete(exchange(p.request));
            } catch (IcpFailure f) {
                p.result.completeExceptionally(f);
            } catch (RuntimeException e) {
                p.result.completeExceptionally(new IcpFailure("ICP exchange failed", e));
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result.completeExceptionally(new IcpFailure("ICP client closed"));
        }
    }

    private IcpReply exchange(RequestPayload request) throws IcpFailure {
        discardStaleInput();
        byte[] payload = request.encode();
        byte[] frame = Frames.encode(payload);
        Arrays.fill(payload, (byte) 0);
        Command command = request.knownCommand().orElseThrow(() -> new IcpFailure("unknown command"));
        Duration timeout = timeouts.forCommand(command, frame.length);
        try {
            link.write(frame);
        } catch (IOException e) {
            throw new IcpFailure("serial link write failed", e);
        } finally {
            Arrays.fill(frame, (byte) 0); // may hold an imported private key or a secret
        }
        return awaitReply(request, timeout);
    }

    private IcpReply awaitReply(RequestPayload request, Duration timeout) throws IcpFailure {
        List<ReceiverEvent> events = new ArrayList<>(1);
        FrameReceiver receiver = new FrameReceiver(events::add);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (events.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IcpFailure("no reply within " + timeout.toSeconds() + " s");
                }
                int n;
                try {
                    n = link.read(readBuffer, 0, readBuffer.length, Duration.ofNanos(Math.min(left, POLL.toNanos())));
                } catch (IOException e) {
                    throw new IcpFailure("serial link read failed", e);
                }
                if (n < 0) {
                    throw new IcpFailure("serial link closed");
                }
                if (n > 0) {
                    receiver.feed(readBuffer, 0, n);
                } else {
                    receiver.checkGap();
                }
            }
        } finally {
            Arrays.fill(readBuffer, (byte) 0);
        }
        ReceiverEvent first = events.getFirst();
        if (first instanceof ReceiverEvent.Payload(byte[] payload)) {
            try {
                return ReplyValidator.validate(request, payload);
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
        }
        throw new IcpFailure("invalid reply frame: " + first);
    }

    /** Bytes that arrive between commands (a reply that came after its timeout) are not anyone's reply. */
    private void discardStaleInput() throws IcpFailure {
        try {
            while (link.read(readBuffer, 0, readBuffer.length, Duration.ZERO) > 0) {
                Arrays.fill(readBuffer, (byte) 0);
            }
        } catch (IOException e) {
            throw new IcpFailure("serial link read failed", e);
        }
    }

    public String describe() {
        return link.describe();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        worker.interrupt();
        link.close();
    }
}
