package io.pqrstuv.cli.console;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A one-line ticker on stderr for calls that take seconds over the 9600-bps wire (SLH-DSA signing
 * up to about a minute): elapsed and expected time. Silent when not on a terminal or below 2 s.
 */
public final class Progress implements AutoCloseable {
    private static final Duration THRESHOLD = Duration.ofSeconds(2);
    private final Thread ticker;
    private final PrintStream err;

    private Progress(String what, Duration expected, PrintStream err) {
        this.err = err;
        long start = System.nanoTime();
        this.ticker = Thread.ofPlatform().daemon().name("progress").unstarted(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    long s = (System.nanoTime() - start) / 1_000_000_000L;
                    err.print("\r" + what + ": " + s + " s elapsed, about " + Math.max(1, expected.toSeconds())
                            + " s expected at 9600 bps ");
                    err.flush();
                }
            } catch (InterruptedException e) {
                // done
            }
        });
    }

    public static Progress start(boolean enabled, String what, Duration expected, PrintStream err) {
        Progress p = new Progress(what, expected, err);
        if (enabled && expected.compareTo(THRESHOLD) >= 0) {
            p.ticker.start();
        }
        return p;
    }

    @Override
    public void close() {
        if (ticker.isAlive()) {
            ticker.interrupt();
            try {
                ticker.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print("\r\033[K");
            err.flush();
        }
    }
}
