package io.pqrstuv.cli.device;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded device's storage module draws its randomness ({@code pqrstuv device --qrng}): the
 * OS DRBG, a QCicada emulated in this process, or a real QCicada on a tty.
 */
public sealed interface Qrng {

    /** The JDK DRBG (the default). */
    record Os() implements Qrng {
    }

    /**
     * A QCicada emulator in this process, its state under the device's state directory ({@code qrng/}),
     * served on a pty the storage module opens as it would a real one (P-83).
     */
    record Emulated(EmulatorRate rate) implements Qrng {
        public Emulated {
            Objects.requireNonNull(rate);
        }
    }

    /** A real QCicada on {@code tty}, its device key vouched for by the OEM CA in {@code caPublicKeyPem}. */
    record Qcicada(Path tty, Path caPublicKeyPem) implements Qrng {
        public Qcicada {
            Objects.requireNonNull(tty);
            Objects.requireNonNull(caPublicKeyPem);
        }
    }

    Qrng OS = new Os();

    /**
     * Parses {@code --qrng os|emulated|qcicada:TTY} with {@code --qrng-ca PEM} (required for a real
     * QCicada, refused otherwise: the emulator's CA is its own).
     */
    static Qrng parse(String spec, Path ca) {
        switch (spec) {
            case "os", "emulated" -> {
                if (ca != null) {
                    throw new IllegalArgumentException("--qrng-ca is used with --qrng qcicada:TTY");
                }
                return spec.equals("os") ? OS : new Emulated(EmulatorRate.real());
            }
            default -> {
                if (!spec.startsWith("qcicada:") || spec.length() == "qcicada:".length()) {
                    throw new IllegalArgumentException("--qrng must be os, emulated or qcicada:TTY, not '" + spec + "'");
                }
                if (ca == null) {
                    throw new IllegalArgumentException("--qrng " + spec + " needs --qrng-ca CA_PUBLIC_PEM, the OEM CA public "
                            + "key that vouches for the device key");
                }
                return new Qcicada(Path.of(spec.substring("qcicada:".length())), ca);
            }
        }
    }
}
