package io.pqrstuv.qrng;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Timing and behaviour of a {@link QccDevice}. Every call has one overall deadline computed from
 * these values (see docs/qrng.md, "Deadlines"):
 * <ul>
 *   <li>a command without data: {@code responseTimeout};</li>
 *   <li>a read of {@code n} random bytes: {@code responseTimeout + n / minDataRate};</li>
 *   <li>STOP: until the line has been silent for {@code stopSilence} after ACK+status, at most
 *       {@code stopTimeout}.</li>
 * </ul>
 *
 * @param responseTimeout time for a response byte and its fixed payload (default 2 s)
 * @param minDataRate     slowest data rate tolerated, bytes/s (default 10,000: a real QCicada makes ~12,500)
 * @param stopSilence     silence that ends STOP's drain (default 200 ms; it must exceed any gap in the stream)
 * @param stopTimeout     overall limit of a STOP, drain included (default 5 s)
 * @param stopMaxBytes    a STOP that drains more than this fails: the device does not stop (default 64 MiB)
 * @param stopOnOpen      send STOP when opening, since the device may still stream for an earlier client (default true)
 * @param connectTimeout  TCP connect timeout, and the retry window when reopening after a reboot (default 3 s)
 * @param updateRetries   times a firmware chunk is re-sent after a rejection or a lost reply (default 5, as the vendor's CLI)
 * @param trace           receives one line per command and reply (never random data); null for none
 */
public record QccOptions(
        Duration responseTimeout,
        int minDataRate,
        Duration stopSilence,
        Duration stopTimeout,
        long stopMaxBytes,
        boolean stopOnOpen,
        Duration connectTimeout,
        int updateRetries,
        Consumer<String> trace) {

    public QccOptions {
        positive("responseTimeout", responseTimeout);
        positive("stopSilence", stopSilence);
        positive("stopTimeout", stopTimeout);
        positive("connectTimeout", connectTimeout);
        if (minDataRate <= 0) {
            throw new IllegalArgumentException("minDataRate must be positive");
        }
        if (stopMaxBytes <= 0) {
            throw new IllegalArgumentException("stopMaxBytes must be positive");
        }
        if (updateRetries < 0) {
            throw new IllegalArgumentException("updateRetries must be >= 0");
        }
        if (stopTimeout.compareTo(stopSilence) <= 0) {
            throw new IllegalArgumentException("stopTimeout must be longer than stopSilence");
        }
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    public static QccOptions defaults() {
        return new QccOptions(Duration.ofSeconds(2), 10_000, Duration.ofMillis(200), Duration.ofSeconds(5),
                64L << 20, true, Duration.ofSeconds(3), 5, null);
    }

    public QccOptions withResponseTimeout(Duration d) {
        return new QccOptions(d, minDataRate, stopSilence, stopTimeout, stopMaxBytes, stopOnOpen, connectTimeout,
                updateRetries, trace);
    }

    public QccOptions withMinDataRate(int bytesPerSecond) {
        return new QccOptions(responseTimeout, bytesPerSecond, stopSilence, stopTimeout, stopMaxBytes, stopOnOpen,
                connectTimeout, updateRetries, trace);
    }

    public QccOptions withStopSilence(Duration d) {
        return new QccOptions(responseTimeout, minDataRate, d, stopTimeout, stopMaxBytes, stopOnOpen, connectTimeout,
                updateRetries, trace);
    }

    public QccOptions withStopTimeout(Duration d) {
        return new QccOptions(responseTimeout, minDataRate, stopSilence, d, stopMaxBytes, stopOnOpen, connectTimeout,
                updateRetries, trace);
    }

    public QccOptions withStopMaxBytes(long n) {
        return new QccOptions(responseTimeout, minDataRate, stopSilence, stopTimeout, n, stopOnOpen, connectTimeout,
                updateRetries, trace);
    }

    public QccOptions withStopOnOpen(boolean b) {
        return new QccOptions(responseTimeout, minDataRate, stopSilence, stopTimeout, stopMaxBytes, b, connectTimeout,
                updateRetries, trace);
    }

    public QccOptions withConnectTimeout(Duration d) {
        return new QccOptions(responseTimeout, minDataRate, stopSilence, stopTimeout, stopMaxBytes, stopOnOpen, d,
                updateRetries, trace);
    }

    public QccOptions withUpdateRetries(int n) {
        return new QccOptions(responseTimeout, minDataRate, stopSilence, stopTimeout, stopMaxBytes, stopOnOpen,
                connectTimeout, n, trace);
    }

    public QccOptions withTrace(Consumer<String> t) {
        return new QccOptions(responseTimeout, minDataRate, stopSilence, stopTimeout, stopMaxBytes, stopOnOpen,
                connectTimeout, updateRetries, t);
    }

    /** The deadline of a read of {@code n} data bytes, response included. */
    public Duration dataTimeout(long n) {
        double nanos = Math.min((double) Long.MAX_VALUE / 4, (double) n * 1e9 / minDataRate);
        return responseTimeout.plusNanos((long) nanos);
    }
}
