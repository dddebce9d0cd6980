package io.pqrstuv.qrng.jca;

import io.pqrstuv.qrng.QccDevice;
import java.io.IOException;
import java.security.SecureRandomSpi;
import java.util.Objects;

/**
 * {@code SecureRandom} algorithm {@code QRNG}: bytes straight from the device, by one-shot reads,
 * each refused (and wiped) unless the status the device sent with it is healthy. Throughput is
 * the device's (~12.5 kB/s for a QCicada); for volume use {@code QRNG-DRBG}.
 */
public final class QrngSecureRandomSpi extends SecureRandomSpi {
    private final QccDevice device;

    public QrngSecureRandomSpi(QccDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    protected void engineNextBytes(byte[] bytes) {
        try {
            device.readRandom(bytes, 0, bytes.length, QccDevice.StatusCheck.HEALTHY);
        } catch (io.pqrstuv.qrng.QccUnhealthyException e) {
            throw new QrngUnavailableException("QRNG refused: " + String.join(", ", e.status().problems()), e);
        } catch (IOException e) {
            throw new QrngUnavailableException("QRNG unavailable: " + e.getMessage(), e);
        }
    }

    /** A true random source has no state to seed: caller seed material is ignored. */
    @Override
    protected void engineSetSeed(byte[] seed) {
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
        byte[] b = new byte[numBytes];
        engineNextBytes(b);
        return b;
    }
}
