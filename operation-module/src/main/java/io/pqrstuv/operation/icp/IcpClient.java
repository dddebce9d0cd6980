package io.pqrstuv.operation.icp;

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
    private final KeyAlgorithms keys = new KeyAlgorithms(); // the worker's alone
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
        request.knownCommand().orElseThrow(() -> new NoValidReplyException("unknown command"));
        byte[] payload = request.encode();
        byte[] frame = Frames.encode(payload);
        Arrays.fill(payload, (byte) 0);
        int frameBytes = frame.length;
        long writeStart = System.nanoTime();
        try {
            link.write(frame);
        } catch (IOException e) {
            throw new NoValidReplyException("serial link write failed", e);
        } finally {
            Arrays.fill(frame, (byte) 0); // may hold an imported private key or a secret
        }
        long writeEnd = System.nanoTime();
        ReplyTimeouts.Deadline deadline = timeouts.deadline(request, frameBytes, keys, writeStart, writeEnd, frames, System::nanoTime);
        IcpReply reply = awaitReply(frames, request, deadline);
        keys.learn(request, reply);
        return reply;
    }

    /**
     * Reads until the first event after the request, within a deadline that follows the line
     * (P-95): the first byte, then the frame's length at the line rate, with D-1's gap rule inside.
     */
    private IcpReply awaitReply(FrameReader frames, RequestPayload request, ReplyTimeouts.Deadline deadline)
            throws NoValidReplyException {
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
            throw new NoValidReplyException(deadline.expiry());
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
