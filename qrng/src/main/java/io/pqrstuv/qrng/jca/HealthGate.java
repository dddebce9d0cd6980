package io.pqrstuv.qrng.jca;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccUnhealthyException;
import io.pqrstuv.qrng.error.QccException;
import io.pqrstuv.qrng.wire.Postprocess;
import io.pqrstuv.qrng.wire.QccConfig;
import io.pqrstuv.qrng.wire.QccStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether output may be produced now, from the device's own status: it refuses while a
 * health test or the supply monitor reports a failure, while the startup test runs, and when the
 * device does not answer. A status younger than {@code maxAge} is reused (0: ask before every
 * request). Thread-safe.
 */
public final class HealthGate {
    private final QccDevice device;
    private final Duration maxAge;
    private long okAtNanos;
    private boolean okOnce;
    private boolean failedSinceLastOk;

    public HealthGate(QccDevice device, Duration maxAge) {
        this.device = Objects.requireNonNull(device, "device");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
    }

    /**
     * Throws {@link QrngUnavailableException} unless the device is healthy. Returns true when this
     * check is the first success after a failure (a DRBG then reseeds before producing output).
     */
    public synchronized boolean check() {
        long now = System.nanoTime();
        if (okOnce && !failedSinceLastOk && !maxAge.isZero() && now - okAtNanos < maxAge.toNanos()) {
            return false;
        }
        QccStatus s;
        try {
            s = device.status();
        } catch (IOException e) {
            failedSinceLastOk = true;
            throw new QrngUnavailableException("QRNG unavailable: " + e.getMessage(), e);
        }
        return accept(s, now);
    }

    /** Feeds a status seen elsewhere (e.g. a one-shot's ACK); throws like {@link #check()}. */
    public synchronized boolean accept(QccStatus s, long atNanos) {
        if (!s.healthy()) {
            failedSinceLastOk = true;
            throw new QrngUnavailableException("QRNG refused: " + String.join(", ", s.problems()),
                    new QccUnhealthyException(s));
        }
        boolean recovered = failedSinceLastOk;
        failedSinceLastOk = false;
        okOnce = true;
        okAtNanos = atNanos;
        return recovered;
    }

    /** Refuses a device whose output is not SHA-256 conditioned: raw noise is not full-entropy DRBG input. */
    public void requireConditionedOutput() {
        QccConfig c;
        try {
            c = device.config();
        } catch (IOException e) {
            synchronized (this) {
                failedSinceLastOk = true;
            }
            throw new QrngUnavailableException("QRNG unavailable: " + e.getMessage(), e);
        }
        if (c.postprocess() != Postprocess.SHA256) {
            throw new QrngUnavailableException("QRNG refused: postprocess is " + c.postprocess().cliName()
                    + ", not sha256: unconditioned noise is not full-entropy input (set --postprocess sha256)",
                    new QccException("postprocess " + c.postprocess()));
        }
    }

    public QccDevice device() {
        return device;
    }
}
