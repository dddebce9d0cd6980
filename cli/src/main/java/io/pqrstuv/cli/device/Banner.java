package io.pqrstuv.cli.device;

import io.pqrstuv.operation.OperationModule;
import java.io.PrintStream;

/** The start-up lines: where the device listens and how a client can trust it. */
public final class Banner {
    private Banner() {
    }

    public static void print(PrintStream out, OperationModule module) {
        out.println("Operation module listening on " + module.url());
        out.println("TLS certificate SHA-256 fingerprint: " + module.certificateFingerprint());
        out.println("TLS certificate (PEM): " + module.certificatePath());
    }
}
