package io.pqrstuv.cli.device;

import java.nio.file.Path;

/**
 * Where {@code pqrstuv device} keeps its state: {@code storage/} for the storage module (its key
 * store and vault), {@code operation/} for the operation module (TLS key and certificate, syslog
 * setting) and {@code export/} for the SD-slot stand-in. Default root: {@code ~/.pqrstuv/device},
 * so the device keeps its keys and certificate whatever directory it is started from.
 */
public record DeviceLayout(Path root) {
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
}
