package io.pqrstuv.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The parts of a running whole (a module, a device, an emulator), started in order and stopped in
 * reverse, as Jetty's {@code ContainerLifeCycle} does. A start that fails part-way undoes what had
 * started:
 *
 * <pre>{@code
 * Lifecycle parts = new Lifecycle();
 * try {
 *     Storage storage = parts.add(Storage.open(dir));       // stopped last
 *     Server server = parts.add(Server.start(storage));      // stopped first
 *     return new Module(parts, server);                      // Module.close() calls parts.close()
 * } catch (Throwable t) {
 *     parts.abort(t);                                        // stops what started, in reverse
 *     throw t;
 * }
 * }</pre>
 *
 * Stopping goes on past a part that fails to stop: every part gets its chance, and the failures
 * travel together (the first thrown, the others suppressed). Thread-safe.
 */
public final class Lifecycle implements AutoCloseable {
    /** How a part stops. */
    @FunctionalInterface
    public interface Stop {
        void stop() throws Exception;
    }

    /** A part starting on its own thread, side by side with the parts started after it. */
    public interface Background<T> {
        /** Waits for the start to finish; returns the part or throws what its start threw. */
        T await() throws Exception;
    }

    private final Deque<Stop> started = new ArrayDeque<>();
    private boolean closed;

    /** Registers a part that has started; {@link #close()} closes it after every part added later. */
    public <T extends AutoCloseable> T add(T part) {
        Objects.requireNonNull(part, "part");
        return add(part, part::close);
    }

    /** Registers a part that has started, with the action that stops it. */
    public synchronized <T> T add(T part, Stop stop) {
        Objects.requireNonNull(stop, "stop");
        if (closed) {
            throw new IllegalStateException("lifecycle already stopped");
        }
        started.push(stop);
        return part;
    }

    /**
     * Starts a part on a virtual thread while the caller goes on with the next ones (two boards
     * power up side by side). It takes its place in the stop order now: when stopped, it waits for
     * the start to end and closes the part if it started.
     */
    public <T extends AutoCloseable> Background<T> startInBackground(Callable<T> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        add(result, () -> {
            T part;
            try {
                part = result.get();
            } catch (ExecutionException e) {
                return; // never started: nothing to stop, and the start's failure is reported by await()
            }
            part.close();
        });
        Thread.ofVirtual().name("start").start(() -> {
            try {
                result.complete(start.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return () -> {
            try {
                return result.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                if (e.getCause() instanceof Error x) {
                    throw x;
                }
                throw e;
            }
        };
    }

    /**
     * Undoes a failed start: stops every part started so far, in reverse order. Failures to stop
     * are added to {@code cause} as suppressed exceptions; the caller rethrows {@code cause}.
     */
    public void abort(Throwable cause) {
        for (Exception e : stopAll()) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Stops every part in reverse start order; idempotent. */
    @Override
    public void close() throws Exception {
        List<Exception> failures = stopAll();
        if (!failures.isEmpty()) {
            Exception first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** Whether {@link #close()} or {@link #abort} has run. */
    public synchronized boolean isStopped() {
        return closed;
    }

    private List<Exception> stopAll() {
        List<Stop> toStop;
        synchronized (this) {
            if (closed) {
                return List.of();
            }
            closed = true;
            toStop = new ArrayList<>(started); // push() made it last-in first
            started.clear();
        }
        List<Exception> failures = new ArrayList<>();
        for (Stop stop : toStop) {
            try {
                stop.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep stopping the rest; the flag stays set
                failures.add(e);
            } catch (Exception e) {
                failures.add(e);
            }
        }
        return failures;
    }
}
