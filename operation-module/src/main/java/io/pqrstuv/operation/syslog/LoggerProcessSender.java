package io.pqrstuv.operation.syslog;

import io.pqrstuv.runtime.ProcessFailure;
import io.pqrstuv.runtime.ProcessLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each message with a util-linux {@code logger} subprocess (RFC 5424 over UDP, D-34), so the
 * web-server process never opens a socket to the syslog server (LOG-5) and nothing touches a
 * local file (LOG-4). One daemon thread sends in queue order, which keeps "syslog_changed"
 * ahead of anything sent to the new server.
 */
public final class LoggerProcessSender implements SyslogSender, AutoCloseable {
    private static final int QUEUE = 4096;
    private static final Duration PROCESS_LIMIT = Duration.ofSeconds(5);

    private record Message(SyslogAddress target, Severity severity, String text) {
    }

    private final String loggerCommand;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closed;

    public LoggerProcessSender() {
        this("logger");
    }

    public LoggerProcessSender(String loggerCommand) {
        this.loggerCommand = loggerCommand;
        this.worker = Thread.ofPlatform().daemon().name("syslog-sender").unstarted(this::run);
        worker.start();
    }

    @Override
    public void send(SyslogAddress target, Severity severity, String message) {
        pending.incrementAndGet();
        try {
            if (!queue.offer(new Message(target, severity, message), 1, TimeUnit.SECONDS)) {
                pending.decrementAndGet();
                dropped.incrementAndGet(); // the syslog path is stuck; the HTTP reply must not wait for it
            }
        } catch (InterruptedException e) {
            pending.decrementAndGet();
            Thread.currentThread().interrupt();
        }
    }

    /** Messages that could not be queued because the sender was saturated. */
    public long dropped() {
        return dropped.get();
    }

    /** Waits until everything queued so far has been handed to {@code logger} (tests, shutdown). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Message m;
            try {
                m = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            if (m == null) {
                continue;
            }
            try {
                deliver(m);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private void deliver(Message m) {
        List<String> cmd = List.of(loggerCommand, "-n", m.target.host(), "-P", Integer.toString(m.target.port()),
                "-d", "--rfc5424", "-t", "pqrstuv", "-p", "local0." + m.severity.name().toLowerCase(Locale.ROOT),
                "--", m.text);
        try {
            ProcessLauncher.of(cmd).timeout(PROCESS_LIMIT).run(); // its exit status is not ours to judge
        } catch (ProcessFailure e) {
            if (e.reason() == ProcessFailure.Reason.CANNOT_START) {
                dropped.incrementAndGet();
            }
            // TIMED_OUT: killed after 5 s; INTERRUPTED: killed, the flag is set again for run()
        }
    }

    @Override
    public void close() throws InterruptedException {
        awaitIdle(Duration.ofSeconds(5));
        closed = true;
        worker.interrupt();
        worker.join(2000);
    }
}
