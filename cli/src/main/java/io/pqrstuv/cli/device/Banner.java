package io.pqrstuv.cli.device;

import io.pqrstuv.operation.OperationModule;
import java.io.PrintStream;

/** The start-up lines: where the device listens and how a client can trust it. */
public final class Banner {
    private Banner() {
    }

    /** Which entropy source the storage module draws from; for an emulated QCicada, where to inject faults. */
    public static void printEntropy(PrintStream out, EmbeddedDevice device) {
        out.println("Entropy: " + device.entropy().describe());
        device.qrngEmulator().ifPresent(emu -> out.println("Emulated QCicada " + emu.info().serial() + ": state "
                + emu.stateDir() + ", rate " + emu.rate() + "; inject faults by editing " + emu.controlFile()
                + " (docs/qrng-emulator.md)"));
    }

    public static void print(PrintStream out, OperationModule module) {
        out.println("Operation module listening on " + module.url());
        out.println("TLS certificate SHA-256 fingerprint: " + module.certificateFingerprint());
        out.println("TLS certificate (PEM): " + module.certificatePath());
    }
}
