package io.pqrstuv.cli;

import io.pqrstuv.runtime.harden.HardeningException;
import io.pqrstuv.runtime.harden.ProcessHardening;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The {@code --[no-]harden} switch of the server commands (issue 15, docs/security.md "Process
 * hardening"): applies {@link ProcessHardening} before any secret is read, or says loudly that the
 * process runs without it.
 */
final class ProcessHardeningOption {
    private ProcessHardeningOption() {
    }

    /**
     * Hardens the process if {@code harden}; returns the phrase for the start-up line, or empty after
     * printing why the OS refused (the command then exits 1).
     */
    static Optional<String> apply(String command, boolean harden, PrintStream err) {
        if (!harden) {
            err.println("WARNING: pqrstuv " + command + " is NOT hardened (--no-harden): it can be core-dumped,"
                    + " its memory read and its heap dumped (jcmd) by any process of the same user, and swapped"
                    + " to disk. For development only.");
            return Optional.of("NOT hardened");
        }
        try {
            return Optional.of(ProcessHardening.apply().describe());
        } catch (HardeningException e) {
            err.println("pqrstuv " + command + ": cannot harden the process (" + e.measure().label() + "): " + e.getMessage());
            return Optional.empty();
        }
    }
}
