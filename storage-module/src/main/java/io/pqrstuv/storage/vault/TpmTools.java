package io.pqrstuv.storage.vault;

import io.pqrstuv.runtime.ProcessFailure;
import io.pqrstuv.runtime.ProcessLauncher;
import io.pqrstuv.storage.persist.StorageException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs tpm2-tools commands against one TCTI. Each command is its own process and TPM
 * connection; without a resource manager (swtpm, /dev/tpm0) transient objects and sessions a
 * tool leaves behind are flushed explicitly by the caller.
 */
final class TpmTools {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** tpm2-tools print a few lines of diagnostics; {@link #lastLine} picks the one that matters. */
    private static final int ERROR_LIMIT = 64 * 1024;

    private final String tcti;

    TpmTools(String tcti) {
        this.tcti = tcti;
    }

    String tcti() {
        return tcti;
    }

    private List<String> command(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool);
        cmd.add("-T");
        cmd.add(tcti);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a tool and returns its stdout; the caller zeroizes it when it is key material. */
    byte[] run(String tool, String... args) throws StorageException {
        return pipeline(List.of(command(tool, args)));
    }

    /** Runs {@code first | second} (e.g. tpm2_getrandom into tpm2_create) without the bytes entering the JVM. */
    byte[] pipe(String firstTool, String[] firstArgs, String secondTool, String... secondArgs) throws StorageException {
        return pipeline(List.of(command(firstTool, firstArgs), command(secondTool, secondArgs)));
    }

    /** Runs a tool, ignoring failure (clean-up steps such as flushing). */
    void runQuietly(String tool, String... args) {
        try {
            run(tool, args);
        } catch (StorageException ignored) {
            // Nothing to flush is not an error.
        }
    }

    private byte[] pipeline(List<List<String>> commands) throws StorageException {
        ProcessLauncher launcher = ProcessLauncher.of(commands.getFirst()).captureOutput().captureErrors(ERROR_LIMIT)
                .timeout(LIMIT);
        commands.stream().skip(1).forEach(launcher::pipeTo);
        String name = commands.getLast().getFirst();
        ProcessLauncher.Finished finished;
        try {
            finished = launcher.run();
        } catch (ProcessFailure e) {
            throw switch (e.reason()) {
                case CANNOT_START -> new StorageException("cannot run " + name + " (is tpm2-tools installed?): "
                        + e.getCause().getMessage(), e);
                case TIMED_OUT -> new StorageException(name + " timed out");
                case INTERRUPTED -> new StorageException(name + " interrupted");
                case IO_ERROR, EXIT_STATUS -> new StorageException("I/O error talking to " + name + ": " + e.getMessage(), e);
            };
        }
        Optional<ProcessLauncher.Exit> failed = finished.firstFailure();
        if (failed.isPresent()) {
            Arrays.fill(finished.output(), (byte) 0);
            throw new TpmCommandException(failed.get().program(), lastLine(failed.get().errors()));
        }
        return finished.output();
    }

    /** The most specific line of a tpm2-tools error output (tools print no key material). */
    private static String lastLine(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        String best = "";
        for (String line : text.split("\n")) {
            if (line.startsWith("ERROR: Esys") || line.startsWith("ERROR: Tss2") || best.isEmpty()) {
                best = line.strip();
            }
        }
        return best.isEmpty() ? "no diagnostic" : best;
    }

    /** A tpm2-tools command failed; the message carries the tool's own diagnostic. */
    static final class TpmCommandException extends StorageException {
        TpmCommandException(String tool, String diagnostic) {
            super(tool + " failed: " + diagnostic);
        }
    }
}
