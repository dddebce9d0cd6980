package io.pqrstuv.storage.entropy;

import io.pqrstuv.qrng.error.QccDisconnectedException;
import io.pqrstuv.qrng.jca.HealthGate;
import io.pqrstuv.qrng.jca.QrngDrbg;
import io.pqrstuv.qrng.jca.QrngUnavailableException;
import io.pqrstuv.qrng.qcicada.QCicadaDevice;
import io.pqrstuv.qrng.qcicada.QCicadaOptions;
import io.pqrstuv.qrng.qcicada.SignedEntropyInput;
import io.pqrstuv.qrng.transport.QccEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;

/**
 * One opened, verified QCicada and the DRBG seeded from it: the device, its key as vouched for by
 * the OEM CA, a {@link HealthGate} on its status and a {@link QrngDrbg} whose entropy input is
 * verified signed reads mixed with the OS DRBG. Made at start, and again after the tty hung up.
 */
final class QcicadaAttachment implements AutoCloseable {
    /** SP 800-90A's own limit is 2^48; the source reseeds long before this (P-82). */
    static final long DRBG_RESEED_LIMIT = 1L << 16;
    static final String ANOTHER_DEVICE = "another QCicada";

    final QCicadaDevice device;
    final ECPublicKey deviceKey;
    final String serial;
    private final HealthGate gate;
    final QrngDrbg drbg;

    private QcicadaAttachment(QCicadaDevice device, ECPublicKey deviceKey, String serial, HealthGate gate, QrngDrbg drbg) {
        this.device = device;
        this.deviceKey = deviceKey;
        this.serial = serial;
        this.gate = gate;
        this.drbg = drbg;
    }

    /**
     * Opens the device, verifies its key under {@code ca} (and, after a reconnection, that it is the
     * device verified at start), checks its health and SHA-256 conditioning, and instantiates the
     * DRBG from a verified signed read. Closes the device again if any step fails.
     */
    static QcicadaAttachment open(QccEndpoint endpoint, ECPublicKey ca, ECPublicKey expectedKey,
            QCicadaOptions options, SecureRandom os) throws EntropySourceException {
        QCicadaDevice device;
        try {
            device = QCicadaDevice.open(endpoint, options);
        } catch (IOException | RuntimeException e) {
            throw new EntropySourceException("cannot open the QRNG at " + endpoint + ": " + message(e), e);
        }
        try {
            String serial = device.info().serial();
            ECPublicKey key = device.verifiedDevicePublicKey(ca);
            if (expectedKey != null && !expectedKey.getW().equals(key.getW())) {
                throw new EntropySourceException(ANOTHER_DEVICE + " (" + serial + ") now answers at " + endpoint
                        + ": its certificate verifies, but it is not the device verified at start; restart the storage "
                        + "module to use it");
            }
            HealthGate gate = new HealthGate(device, Duration.ZERO);
            gate.check();
            gate.requireConditionedOutput();
            QrngDrbg drbg = QrngDrbg.builder(new SignedEntropyInput(device, key))
                    .mixWith(os)
                    .reseedInterval(DRBG_RESEED_LIMIT)
                    .personalization(("pqrstuv storage module " + serial).getBytes(StandardCharsets.US_ASCII))
                    .build();
            return new QcicadaAttachment(device, key, serial, gate, drbg);
        } catch (EntropySourceException e) {
            device.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            device.close();
            throw new EntropySourceException(message(e), e);
        }
    }

    /** Asks the device's status; throws {@link QrngUnavailableException} naming what is wrong. */
    void checkHealth() {
        gate.check();
    }

    /** Checks the SHA-256 conditioning again (another client may have changed the configuration). */
    void checkConditioning() {
        gate.requireConditionedOutput();
    }

    /** Reseeds the DRBG from a verified signed read; throws {@link QrngUnavailableException} if it fails. */
    void reseed() {
        drbg.reseed((byte[]) null);
    }

    static boolean hungUp(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 32; depth++, c = c.getCause()) {
            if (c instanceof QccDisconnectedException) {
                return true;
            }
        }
        return false;
    }

    static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        device.close();
    }
}
