package io.pqrstuv.cli.device;

import io.pqrstuv.operation.tls.TlsFiles;
import java.nio.file.Path;

/**
 * Where {@code pqrstuv device} keeps its state: {@code storage/} for the storage module (its key
 * store and vault), {@code operation/} for the operation module (TLS key and certificate, syslog
 * setting), {@code export/} for the SD-slot stand-in and {@code qrng/} for an emulated QCicada. Default root: {@code ~/.pqrstuv/device},
 * so the device keeps its keys and certificate whatever directory it is started from.
 *
 * <p>The client commands find the embedded device through this record too ({@link #DEFAULT_LISTEN},
 * {@link #certificate()}), so the two cannot drift apart.
 */
public record DeviceLayout(Path root) {
    /** The device's default HTTPS listen address; the clients' default URL points here. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:8443";

    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".pqrstuv", "device");
    }

    public Path storage() {
        return root.resolve("storage");
    }

    public Path operation() {
        return root.resolve("operation");
    }

    public Path export() {
        return root.resolve("export");
    }

    /** The emulated QCicada's state ({@code --qrng emulated}): its device key, OEM CA, configuration, faults file. */
    public Path qrng() {
        return root.resolve("qrng");
    }

    /** The device's TLS certificate, as the operation module writes it (clients trust this file). */
    public Path certificate() {
        return new TlsFiles(operation()).certificatePath();
    }
}
