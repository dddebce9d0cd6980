package io.pqrstuv.storage.entropy;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Opens the entropy source a launcher names: {@code os} or {@code qcicada:TTY} (with the OEM CA's public key). */
public final class EntropySources {
    public static final String OS = "os";
    public static final String QCICADA_PREFIX = "qcicada:";

    private EntropySources() {
    }

    /**
     * @param spec   {@code os} (the JDK DRBG) or {@code qcicada:TTY}
     * @param ca     the OEM CA public key PEM: required for {@code qcicada:}, refused for {@code os}
     * @param events one line per change of the source's health
     * @throws IllegalArgumentException for a spec or CA option that does not fit (a usage error)
     * @throws EntropySourceException   when the QRNG cannot be opened, verified or used
     */
    public static EntropySource open(String spec, Path ca, Consumer<String> events) throws EntropySourceException {
        if (spec.equals(OS)) {
            if (ca != null) {
                throw new IllegalArgumentException("a CA public key is used with a QCicada (qcicada:TTY), not with 'os'");
            }
            return new DrbgEntropySource();
        }
        if (spec.startsWith(QCICADA_PREFIX) && spec.length() > QCICADA_PREFIX.length()) {
            if (ca == null) {
                throw new IllegalArgumentException(spec + " needs the OEM CA public key that vouches for the device key");
            }
            return QcicadaEntropySource.open(Path.of(spec.substring(QCICADA_PREFIX.length())), ca, events);
        }
        throw new IllegalArgumentException("unknown entropy source '" + spec + "': use os or qcicada:TTY");
    }
}
