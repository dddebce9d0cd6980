package io.pqrstuv.storage.entropy;

import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.jca.QrngUnavailableException;
import io.pqrstuv.qrng.qcicada.CaKeys;
import io.pqrstuv.qrng.qcicada.QCicadaOptions;
import io.pqrstuv.qrng.transport.QccEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The storage module's randomness from a QCicada QRNG whose every read is signed by a device key that
 * an OEM CA vouches for (issue 11). At start the device key is verified under the CA; from then on
 * every byte drawn comes from a Hash_DRBG (SP 800-90A, SHA-512, 256 bits) whose entropy input is
 * verified signed reads followed by as many bytes of the OS DRBG: the QRNG output is entropy input,
 * never output.
 *
 * <p>Fail closed (P-80, P-81): a monitor thread asks the device's status every {@code healthPoll} and
 * reseeds from it every {@code reseedEvery} or {@code reseedRequests} requests, off the command path.
 * A health-test or supply failure, a device that stops answering, or a signed read that does not
 * verify makes the source refuse every draw ({@link EntropyUnavailableException}) until the device is
 * healthy again and a fresh verified read has reseeded the DRBG. Each change is reported once through
 * {@code events}. A tty that hangs up is reopened, and taken back only if its certificate verifies
 * and it is the same device (P-84).
 *
 * <p>Key generation reseeds first ({@link #admit admit(true)}): each key depends on a fresh verified
 * read (prediction resistance for long-term keys, P-82).
 */
public final class QcicadaEntropySource implements EntropySource {

    /**
     * Timing of the monitor and of reseeding.
     *
     * @param healthPoll     status query interval while healthy
     * @param failedProbe    recovery attempt interval while failed
     * @param staleAfter     no successful status for this long counts as a failure (the monitor is stuck)
     * @param reseedEvery    reseed at least this often
     * @param reseedRequests reseed once this many requests were served (below the DRBG's own 2^16 limit)
     * @param qcc            the device's deadlines
     */
    public record Settings(Duration healthPoll, Duration failedProbe, Duration staleAfter, Duration reseedEvery,
            long reseedRequests, QccOptions qcc) {
        public Settings {
            Objects.requireNonNull(healthPoll);
            Objects.requireNonNull(failedProbe);
            Objects.requireNonNull(staleAfter);
            Objects.requireNonNull(reseedEvery);
            Objects.requireNonNull(qcc);
            if (reseedRequests < 1 || reseedRequests >= QcicadaAttachment.DRBG_RESEED_LIMIT) {
                throw new IllegalArgumentException("reseedRequests must be 1.." + (QcicadaAttachment.DRBG_RESEED_LIMIT - 1));
            }
        }

        /** Status every 200 ms, probe every 500 ms, stale after 3 s, reseed every 60 s or 2^15 requests, 1 s replies. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(60),
                    1L << 15, QccOptions.defaults().withResponseTimeout(Duration.ofSeconds(1)));
        }

        public Settings withHealthPoll(Duration d) {
            return new Settings(d, failedProbe, staleAfter, reseedEvery, reseedRequests, qcc);
        }

        public Settings withStaleAfter(Duration d) {
            return new Settings(healthPoll, failedProbe, d, reseedEvery, reseedRequests, qcc);
        }

        public Settings withReseed(Duration every, long requests) {
            return new Settings(healthPoll, failedProbe, staleAfter, every, requests, qcc);
        }
    }

    private static final Provider PROVIDER = new Provider("PQRSTUV-QRNG", "1.0",
            "the storage module's attested QRNG entropy source") {
    };

    private final QccEndpoint endpoint;
    private final ECPublicKey ca;
    private final Path caFile;
    private final ECPublicKey deviceKey;
    private final String serial;
    private final Settings settings;
    private final Consumer<String> events;
    private final SecureRandom os;
    private final SecureRandom random;
    private final Thread monitor;
    private final AtomicLong requestsSinceReseed = new AtomicLong();
    private final Object state = new Object();

    private volatile QcicadaAttachment current; // null after a hang-up, until reattached
    private volatile String failure;             // null while healthy
    private volatile long lastGoodNanos;
    private volatile long lastReseedNanos;
    private volatile Thread admitted;
    private volatile boolean closed;
    private boolean foreignReported; // monitor thread only

    private QcicadaEntropySource(QccEndpoint endpoint, ECPublicKey ca, Path caFile, QcicadaAttachment first,
            Settings settings, Consumer<String> events, SecureRandom os) {
        this.endpoint = endpoint;
        this.ca = ca;
        this.caFile = caFile;
        this.deviceKey = first.deviceKey;
        this.serial = first.serial;
        this.settings = settings;
        this.events = events;
        this.os = os;
        this.current = first;
        this.lastGoodNanos = System.nanoTime();
        this.lastReseedNanos = lastGoodNanos;
        this.random = new SecureRandom(new GatedSpi(), PROVIDER) {
            @Override
            public String getAlgorithm() {
                return "QCicada-Hash_DRBG";
            }
        };
        this.monitor = Thread.ofPlatform().daemon().name("qrng-health").unstarted(this::monitor);
    }

    /** Opens the QCicada on {@code tty} with the default settings. */
    public static QcicadaEntropySource open(Path tty, Path caPublicKeyPem, Consumer<String> events)
            throws EntropySourceException {
        return open(tty, caPublicKeyPem, Settings.defaults(), events);
    }

    /**
     * Opens the QCicada on {@code tty}, verifies its key under the OEM CA in {@code caPublicKeyPem},
     * checks that it is healthy and SHA-256 conditioned, seeds the DRBG from a verified signed read and
     * starts the monitor. Throws with a one-line reason if any of it fails; nothing stays open then.
     *
     * @param events receives one line per change of health (failed, recovered); never data
     */
    public static QcicadaEntropySource open(Path tty, Path caPublicKeyPem, Settings settings, Consumer<String> events)
            throws EntropySourceException {
        Objects.requireNonNull(events);
        ECPublicKey ca;
        try {
            ca = CaKeys.readPublicKeyPem(caPublicKeyPem);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new EntropySourceException("cannot read the OEM CA public key " + caPublicKeyPem + ": "
                    + QcicadaAttachment.message(e), e);
        }
        SecureRandom os = osDrbg();
        QccEndpoint endpoint = QccEndpoint.serial(tty);
        QcicadaAttachment first = QcicadaAttachment.open(endpoint, ca, null, QCicadaOptions.of(settings.qcc()), os);
        QcicadaEntropySource source = new QcicadaEntropySource(endpoint, ca, caPublicKeyPem, first, settings, events, os);
        source.monitor.start();
        return source;
    }

    /** The OS DRBG mixed into every entropy input: the JDK's DRBG, reseeded from the OS on every use. */
    private static SecureRandom osDrbg() throws EntropySourceException {
        try {
            return SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256,
                    DrbgParameters.Capability.PR_AND_RESEED, "pqrstuv QRNG mix-in".getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new EntropySourceException("the JDK DRBG is unavailable", e);
        }
    }

    @Override
    public SecureRandom secureRandom() {
        return random;
    }

    @Override
    public String describe() {
        return "QCicada " + serial + " on " + endpoint + " (device key verified under OEM CA " + caFile
                + "): Hash_DRBG(SHA-512, 256) on verified signed reads + the OS DRBG, reseeded every "
                + settings.reseedEvery().toSeconds() + " s, every " + settings.reseedRequests()
                + " requests and before each key generation";
    }

    /** The device's serial number (from GET_INFO at start). */
    public String serial() {
        return serial;
    }

    /** Why the source refuses now, or empty while it serves. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public Permit admit(boolean freshEntropy) {
        requireHealthy();
        if (freshEntropy) {
            QcicadaAttachment a = current;
            if (a == null) {
                throw new EntropyUnavailableException("QRNG " + serial + " unavailable: " + failure);
            }
            try {
                a.reseed();
                reseeded();
            } catch (QrngUnavailableException e) {
                throw refuse(e);
            }
        }
        Thread me = Thread.currentThread();
        admitted = me;
        return () -> {
            if (admitted == me) {
                admitted = null;
            }
        };
    }

    // ---- health ------------------------------------------------------------------------------

    private void requireHealthy() {
        String f = failure;
        long silentFor = System.nanoTime() - lastGoodNanos;
        if (f == null && silentFor > settings.staleAfter().toNanos()) {
            f = fail("no status from the QRNG for " + silentFor / 1_000_000 + " ms");
        }
        if (f != null) {
            throw new EntropyUnavailableException("QRNG " + serial + " unavailable: " + f);
        }
    }

    private EntropyUnavailableException refuse(RuntimeException e) {
        String reason = fail(QcicadaAttachment.message(e));
        if (QcicadaAttachment.hungUp(e)) {
            detach();
        }
        return new EntropyUnavailableException("QRNG " + serial + " unavailable: " + reason, e);
    }

    /** Enters the failed state (reported once) and returns the reason in force. */
    private String fail(String reason) {
        synchronized (state) {
            if (failure != null) {
                return failure;
            }
            failure = reason;
            state.notifyAll();
        }
        events.accept("QRNG " + serial + " unavailable: " + reason + ". Commands that need randomness (INIT, KEYGEN, "
                + "SEC_SET_INIT, SEC_SET_CONF, IMPORT, the resets, randomized SIGN) answer CMD_FAIL until it recovers");
        return reason;
    }

    private void recovered() {
        lastGoodNanos = System.nanoTime();
        synchronized (state) {
            if (failure == null) {
                return;
            }
            failure = null;
        }
        foreignReported = false;
        events.accept("QRNG " + serial + " healthy again (reseeded from a verified signed read): commands that need "
                + "randomness are served again");
    }

    private boolean reseedDue() {
        return requestsSinceReseed.get() >= settings.reseedRequests()
                || System.nanoTime() - lastReseedNanos >= settings.reseedEvery().toNanos();
    }

    private void reseeded() {
        lastReseedNanos = System.nanoTime();
        requestsSinceReseed.set(0);
    }

    private void detach() {
        QcicadaAttachment a = current;
        current = null;
        if (a != null) {
            a.close();
        }
    }

    /** Waits for the next check; a failure found elsewhere wakes the monitor to start recovery at once. */
    private boolean pause() {
        synchronized (state) {
            if (!closed) {
                long millis = (failure == null ? settings.healthPoll() : settings.failedProbe()).toMillis();
                try {
                    state.wait(Math.max(1, millis));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return !closed;
        }
    }

    /** The monitor thread: status while healthy, recovery attempts while failed; reseeds when due. */
    private void monitor() {
        while (pause()) {
            try {
                QcicadaAttachment a = current;
                if (a == null) {
                    // After a hang-up: reopen, verify under the CA, same device, DRBG instantiated anew.
                    a = QcicadaAttachment.open(endpoint, ca, deviceKey, QCicadaOptions.of(settings.qcc()), os);
                    if (closed) {
                        a.close();
                        return;
                    }
                    current = a;
                    reseeded();
                } else {
                    a.checkHealth();
                    if (failure != null || reseedDue()) {
                        a.checkConditioning();
                        a.reseed(); // after a failure: no output before fresh verified entropy
                        reseeded();
                    }
                }
                recovered();
            } catch (QrngUnavailableException e) {
                fail(QcicadaAttachment.message(e));
                if (QcicadaAttachment.hungUp(e)) {
                    detach();
                }
            } catch (EntropySourceException e) {
                fail(e.getMessage());
                if (e.getMessage().startsWith(QcicadaAttachment.ANOTHER_DEVICE) && !foreignReported) {
                    foreignReported = true; // worth a line of its own, once: someone swapped the device
                    failure = e.getMessage();
                    events.accept("QRNG " + serial + " still refused: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                fail("unexpected " + e.getClass().getSimpleName() + ": " + QcicadaAttachment.message(e));
            }
        }
    }

    /** Stops the monitor and closes the device. Draws are refused afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (state) {
            if (failure == null) {
                failure = "the entropy source is closed";
            }
            state.notifyAll();
        }
        monitor.interrupt();
        try {
            monitor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        detach();
    }

    @Override
    public String toString() {
        return "QcicadaEntropySource[" + serial + " on " + endpoint + (failure != null ? ", refusing" : "") + "]";
    }

    /** The SecureRandom every draw of the module goes through: the gate, then the DRBG. */
    private final class GatedSpi extends SecureRandomSpi {
        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (Thread.currentThread() != admitted) {
                requireHealthy();
            }
            QcicadaAttachment a = current;
            if (a == null) {
                throw new EntropyUnavailableException("QRNG " + serial + " unavailable: " + failure);
            }
            try {
                a.drbg.nextBytes(bytes);
            } catch (QrngUnavailableException e) {
                throw refuse(e);
            }
            requestsSinceReseed.incrementAndGet();
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Caller seed material is ignored: nothing outside the module steers its randomness.
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }
    }
}
