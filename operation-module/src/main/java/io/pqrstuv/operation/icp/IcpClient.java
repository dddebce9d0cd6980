package io.pqrstuv.operation.icp;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.frame.Frames;
import io.pqrstuv.icp.frame.ReceiverEvent;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.frame.FrameReader;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
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
    private volatile boolean closed;

    public IcpClient(Link link, ReplyTimeouts timeouts) {
        this.link = Objects.requireNonNull(link);
        this.timeouts = Objects.requireNonNull(timeouts);
        this.worker = Thread.ofPlatform().daemon().name("icp-client").unstarted(this::run);
        worker.start();
    }

    @Override
    public IcpReply call(RequestPayload request) throws NoValidReplyException {
        if (closed) {
            throw new NoValidReplyException("ICP client closed");
        }
        Pending p = new Pending(request, new CompletableFuture<>());
        queue.add(p);
        try {
            // The worker bounds every command by its reply timeout, so this wait always ends.
            return p.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoValidReplyException("interrupted while waiting for the storage module");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoValidReplyException f) {
                throw f;
            }
            throw new NoValidReplyException("ICP worker failed", e.getCause());
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
            } catch (NoValidReplyException f) {
                p.result.completeExceptionally(f);
            } catch (RuntimeException e) {
                p.result.completeExceptionally(new NoValidReplyException("ICP exchange failed", e));
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result.completeExceptionally(new NoValidReplyException("ICP client closed"));
        }
    }

    private IcpReply exchange(RequestPayload request) throws NoValidReplyException {
        // A fresh reader per command: nothing of an earlier exchange is carried into this one.
        FrameReader frames = new FrameReader(link, POLL);
        discardStaleInput(frames);
        byte[] payload = request.encode();
        byte[] frame = Frames.encode(payload);
        Arrays.fill(payload, (byte) 0);
        Command command = request.knownCommand().orElseThrow(() -> new NoValidReplyException("unknown command"));
        Duration timeout = timeouts.forCommand(command, frame.length);
        try {
            link.write(frame);
        } catch (IOException e) {
            throw new NoValidReplyException("serial link write failed", e);
        } finally {
            Arrays.fill(frame, (byte) 0); // may hold an imported private key or a secret
        }
        return awaitReply(frames, request, timeout);
    }

    /** The timeout is fixed per command today (D-50); issue 15 will make the deadline follow the line. */
    private IcpReply awaitReply(FrameReader frames, RequestPayload request, Duration timeout) throws NoValidReplyException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReceiverEvent first;
        try {
            first = frames.next(deadline);
        } catch (EOFException e) {
            throw new NoValidReplyException("serial link closed");
        } catch (IOException e) {
            throw new NoValidReplyException("serial link read failed", e);
        } finally {
            frames.dropPendingEvents(); // only the first frame after the request can be its reply
        }
        if (first == null) {
            throw new NoValidReplyException("no reply within " + timeout.toSeconds() + " s");
        }
        if (first instanceof ReceiverEvent.Payload(byte[] payload)) {
            try {
                return ReplyValidator.validate(request, payload);
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
        }
        throw new NoValidReplyException("invalid reply frame: " + first);
    }

    /** Bytes that arrive between commands (a reply that came after its timeout) are not anyone's reply. */
    private static void discardStaleInput(FrameReader frames) throws NoValidReplyException {
        try {
            frames.discardWaitingBytes();
        } catch (IOException e) {
            throw new NoValidReplyException("serial link read failed", e);
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
