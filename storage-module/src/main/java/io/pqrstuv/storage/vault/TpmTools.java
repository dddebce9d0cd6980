package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.store.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs tpm2-tools commands against one TCTI. Each command is its own process and TPM
 * connection; without a resource manager (swtpm, /dev/tpm0) transient objects and sessions a
 * tool leaves behind are flushed explicitly by the caller.
 */
final class TpmTools {
    private static final long TIMEOUT_SECONDS = 60;
    /** Drains the tools' stderr without tying up the common pool. */
    private static final Executor DRAIN = Executors.newVirtualThreadPerTaskExecutor();

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
        List<ProcessBuilder> builders = new ArrayList<>();
        for (List<String> c : commands) {
            builders.add(new ProcessBuilder(c));
        }
        builders.getFirst().redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        String name = commands.getLast().getFirst();
        List<Process> processes;
        try {
            processes = ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            throw new StorageException("cannot run " + name + " (is tpm2-tools installed?): " + e.getMessage(), e);
        }
        List<CompletableFuture<byte[]>> errs = new ArrayList<>();
        for (Process p : processes) {
            InputStream err = p.getErrorStream();
            errs.add(CompletableFuture.supplyAsync(() -> readQuietly(err), DRAIN));
        }
        Process last = processes.getLast();
        try {
            byte[] out = last.getInputStream().readAllBytes();
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    processes.forEach(Process::destroyForcibly);
                    throw new StorageException(name + " timed out");
                }
                if (p.exitValue() != 0) {
                    java.util.Arrays.fill(out, (byte) 0);
                    throw new TpmCommandException(commands.get(i).getFirst(), lastLine(errs.get(i).join()));
                }
            }
            return out;
        } catch (IOException e) {
            processes.forEach(Process::destroyForcibly);
            throw new StorageException("I/O error talking to " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            processes.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new StorageException(name + " interrupted");
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
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
