package io.pqrstuv.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs OS tools (openssl, cp, tpm2-tools, logger, …) as child processes, the one way: standard
 * input from {@code /dev/null}, standard output discarded or captured, standard error discarded or
 * captured up to a limit, one time limit for the whole run after which everything is killed. Output
 * is read on separate threads, so a tool that hangs with its pipes open still meets the time limit.
 *
 * <pre>{@code
 * ProcessLauncher.of("openssl", "req", ...).directory(work).umask("077").captureErrors(4096)
 *         .timeout(Duration.ofSeconds(30)).run().requireSuccess();
 * }</pre>
 *
 * A launcher is a description; {@link #run()} may be called more than once.
 *
 * <p>Long-running programs (socat, a daemon a test starts) use {@link #start()} instead: the same
 * set-up (standard input from {@code /dev/null}, output discarded, standard error captured up to a
 * limit and readable while the program runs), and a {@link Running} handle that stops the process
 * (SIGTERM, then SIGKILL after a grace period) when closed.
 *
 * <pre>{@code
 * try (ProcessLauncher.Running socat = ProcessLauncher.of("socat", "-d", "-d", a, b).captureErrors(8192).start()) {
 *     socat.awaitErrorText("starting data transfer loop", Duration.ofSeconds(10));
 *     ...
 * }
 * }</pre>
 */
public final class ProcessLauncher {
    private static final File NULL_DEVICE = new File("/dev/null");

    private final List<List<String>> stages = new ArrayList<>();
    private Path directory;
    private String umask;
    private Duration timeout = Duration.ofSeconds(60);
    private boolean captureOutput;
    private int errorLimit;

    private ProcessLauncher(List<String> argv) {
        stages.add(checked(argv));
    }

    public static ProcessLauncher of(String... argv) {
        return new ProcessLauncher(List.of(argv));
    }

    public static ProcessLauncher of(List<String> argv) {
        return new ProcessLauncher(argv);
    }

    /** Adds a process whose standard input is the previous one's standard output (a shell {@code |}). */
    public ProcessLauncher pipeTo(List<String> argv) {
        stages.add(checked(argv));
        return this;
    }

    /** The working directory of every process. */
    public ProcessLauncher directory(Path dir) {
        this.directory = Objects.requireNonNull(dir);
        return this;
    }

    /** Runs each program under this umask (e.g. {@code "077"}: the files it creates are private). */
    public ProcessLauncher umask(String octal) {
        if (!octal.matches("[0-7]{3,4}")) {
            throw new IllegalArgumentException("not an octal umask: " + octal);
        }
        this.umask = octal;
        return this;
    }

    /** The longest the whole run may take (default 60 s); then every process is killed. */
    public ProcessLauncher timeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = limit;
        return this;
    }

    /** Keeps the last process's standard output (default: discarded). */
    public ProcessLauncher captureOutput() {
        this.captureOutput = true;
        return this;
    }

    /** Keeps the first {@code maxBytes} of each process's standard error (default: discarded). */
    public ProcessLauncher captureErrors(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.errorLimit = maxBytes;
        return this;
    }

    /**
     * Starts the processes and waits for all of them.
     *
     * @return the exit status of each, whatever it is (see {@link Finished#requireSuccess()})
     * @throws ProcessFailure if a process cannot be started, the time limit passes, reading fails
     *     or the thread is interrupted (then the processes have been killed)
     */
    public Finished run() throws ProcessFailure {
        List<ProcessBuilder> builders = new ArrayList<>();
        for (List<String> argv : stages) {
            ProcessBuilder b = new ProcessBuilder(wrapped(argv))
                    .redirectError(errorLimit > 0 ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
            if (directory != null) {
                b.directory(directory.toFile());
            }
            builders.add(b);
        }
        builders.getFirst().redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
        builders.getLast().redirectOutput(captureOutput ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);

        long deadline = System.nanoTime() + timeout.toNanos();
        List<Process> processes;
        try {
            processes = ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            String program = firstFailing(builders);
            throw new ProcessFailure(ProcessFailure.Reason.CANNOT_START, program,
                    program + " could not be started: " + e.getMessage(), e);
        }
        List<CompletableFuture<byte[]>> errors = new ArrayList<>();
        for (Process p : processes) {
            errors.add(errorLimit > 0 ? read(p.getErrorStream(), errorLimit) : CompletableFuture.completedFuture(new byte[0]));
        }
        CompletableFuture<byte[]> output = captureOutput
                ? read(processes.getLast().getInputStream(), Integer.MAX_VALUE)
                : CompletableFuture.completedFuture(new byte[0]);
        String last = program(stages.getLast());
        try {
            List<Exit> exits = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    processes.forEach(Process::destroyForcibly);
                    throw new ProcessFailure(ProcessFailure.Reason.TIMED_OUT, last, last + " timed out", null);
                }
                exits.add(new Exit(program(stages.get(i)), p.exitValue(), errors.get(i).get()));
            }
            return new Finished(exits, output.get());
        } catch (InterruptedException e) {
            processes.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new ProcessFailure(ProcessFailure.Reason.INTERRUPTED, last, last + " interrupted", e);
        } catch (ExecutionException e) {
            processes.forEach(Process::destroyForcibly);
            throw new ProcessFailure(ProcessFailure.Reason.IO_ERROR, last, "I/O error talking to " + last + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Starts one long-running program and returns at once (the time limit of {@link #timeout} does
     * not apply: the caller stops it). Standard error is captured up to the {@link #captureErrors}
     * limit and readable while it runs ({@link Running#errorText()}); standard output is discarded
     * ({@link #captureOutput()} is refused: nobody would read it while the program runs).
     *
     * @throws ProcessFailure {@link ProcessFailure.Reason#CANNOT_START} if it cannot be started
     * @throws IllegalStateException for a pipeline or with {@link #captureOutput()}
     */
    public Running start() throws ProcessFailure {
        if (stages.size() != 1) {
            throw new IllegalStateException("start() runs one program, not a pipeline");
        }
        if (captureOutput) {
            throw new IllegalStateException("start() discards standard output; capture standard error instead");
        }
        List<String> argv = stages.getFirst();
        ProcessBuilder b = new ProcessBuilder(wrapped(argv))
                .redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errorLimit > 0 ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        if (directory != null) {
            b.directory(directory.toFile());
        }
        Process p;
        try {
            p = b.start();
        } catch (IOException e) {
            throw new ProcessFailure(ProcessFailure.Reason.CANNOT_START, program(argv),
                    program(argv) + " could not be started: " + e.getMessage(), e);
        }
        return new Running(program(argv), p, errorLimit);
    }

    /**
     * A program started by {@link #start()}: alive until it exits by itself or {@link #close()} stops
     * it. Closing sends SIGTERM, waits up to the grace period (default 2 s, {@link #stop(Duration)}),
     * then SIGKILLs it. Thread-safe.
     */
    public static final class Running implements AutoCloseable {
        private static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
        private final String program;
        private final Process process;
        private final int errorLimit;
        private final java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<Void> errorsDone = new CompletableFuture<>();

        private Running(String program, Process process, int errorLimit) {
            this.program = program;
            this.process = process;
            this.errorLimit = errorLimit;
            if (errorLimit > 0) {
                InputStream in = process.getErrorStream();
                // A platform thread: the read blocks in native code for the program's whole life and
                // pins a virtual thread's carrier. Two socat pairs' collectors pinned both carriers of
                // a 2-core machine and starved every virtual thread of the process (Jetty handlers).
                Thread.ofPlatform().daemon().name(program + "-stderr").start(() -> collect(in));
            } else {
                errorsDone.complete(null);
            }
        }

        private void collect(InputStream in) {
            byte[] buf = new byte[512];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (errors) {
                        int keep = Math.min(n, errorLimit - errors.size());
                        if (keep > 0) {
                            errors.write(buf, 0, keep);
                        }
                        errors.notifyAll();
                    }
                    // past the limit the rest is read and dropped: the program never blocks on a full pipe
                }
            } catch (IOException e) {
                // the process went away; what was read stays readable
            } finally {
                synchronized (errors) {
                    errors.notifyAll();
                }
                errorsDone.complete(null);
            }
        }

        /** The program's name as it was launched. */
        public String program() {
            return program;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The exit status, once it has exited. */
        public OptionalInt exitStatus() {
            return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        }

        /** What it wrote on standard error so far (the first {@code captureErrors} bytes), stripped. */
        public String errorText() {
            synchronized (errors) {
                return errors.toString(StandardCharsets.UTF_8).strip();
            }
        }

        /**
         * Waits until its standard error contains {@code text}.
         *
         * @throws ProcessFailure {@link ProcessFailure.Reason#EXIT_STATUS} if it exits first (its
         *     standard error in the message), {@link ProcessFailure.Reason#TIMED_OUT} after {@code limit}
         *     (it keeps running: the caller decides), {@link ProcessFailure.Reason#INTERRUPTED}
         */
        public void awaitErrorText(String text, Duration limit) throws ProcessFailure {
            if (errorLimit <= 0) {
                throw new IllegalStateException("standard error is not captured: use captureErrors(…)");
            }
            long deadline = System.nanoTime() + limit.toNanos();
            synchronized (errors) {
                while (!errors.toString(StandardCharsets.UTF_8).contains(text)) {
                    if (errorsDone.isDone() && !process.isAlive()) {
                        // the reader has drained all the process wrote, and the text is not in it
                        String err = errorText();
                        throw new ProcessFailure(ProcessFailure.Reason.EXIT_STATUS, program, program + " exited"
                                + exitStatus().stream().mapToObj(s -> " " + s).findFirst().orElse("")
                                + " before saying \"" + text + "\"" + (err.isEmpty() ? "" : ": " + err), null);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new ProcessFailure(ProcessFailure.Reason.TIMED_OUT, program, program
                                + " did not say \"" + text + "\" within " + limit + ": " + errorText(), null);
                    }
                    try {
                        errors.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ProcessFailure(ProcessFailure.Reason.INTERRUPTED, program, program + ": interrupted", e);
                    }
                }
            }
        }

        /** Waits up to {@code limit} for it to exit by itself; true if it did. */
        public boolean waitFor(Duration limit) throws InterruptedException {
            return process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** SIGTERM, up to {@code grace} to exit, then SIGKILL; returns once it is gone (or the thread is interrupted). */
        public void stop(Duration grace) {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop(DEFAULT_GRACE);
        }

        @Override
        public String toString() {
            return program + " (pid " + process.pid() + (process.isAlive() ? ", running)" : ", exited)");
        }
    }

    /** The exit of one process of the run. */
    public record Exit(String program, int status, byte[] errors) {
        /** The captured standard error as text, stripped. */
        public String errorText() {
            return new String(errors, StandardCharsets.UTF_8).strip();
        }

        @Override
        public String toString() {
            return program + " exited " + status;
        }
    }

    /** A run that ended: every exit, and the captured output (the caller wipes it if it is secret). */
    public record Finished(List<Exit> exits, byte[] output) {
        public Finished {
            exits = List.copyOf(exits);
        }

        /** The first process that exited with a non-zero status. */
        public Optional<Exit> firstFailure() {
            return exits.stream().filter(e -> e.status() != 0).findFirst();
        }

        /**
         * @throws ProcessFailure {@link ProcessFailure.Reason#EXIT_STATUS} naming the first failing
         *     program, its status and its standard error; the captured output is wiped first
         */
        public Finished requireSuccess() throws ProcessFailure {
            Optional<Exit> failed = firstFailure();
            if (failed.isPresent()) {
                Arrays.fill(output, (byte) 0);
                Exit e = failed.get();
                String err = e.errorText();
                throw new ProcessFailure(ProcessFailure.Reason.EXIT_STATUS, e.program(),
                        e.program() + " exited " + e.status() + (err.isEmpty() ? "" : ": " + err), null);
            }
            return this;
        }

        @Override
        public String toString() {
            return "Finished" + exits + "[output=" + output.length + " bytes]";
        }
    }

    private List<String> wrapped(List<String> argv) {
        if (umask == null) {
            return argv;
        }
        // The shell sets the umask and then becomes the tool: no second process, arguments untouched.
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        out.addAll(argv);
        return out;
    }

    /** startPipeline names no culprit; the first program that does not start is the likeliest. */
    private static String firstFailing(List<ProcessBuilder> builders) {
        return builders.size() == 1 ? program(builders.getFirst().command()) : "pipeline";
    }

    private static String program(List<String> argv) {
        return argv.getFirst();
    }

    /** Reads a stream to its end on a virtual thread, keeping the first {@code limit} bytes. */
    private static CompletableFuture<byte[]> read(InputStream in, int limit) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().name("process-output").start(() -> {
            try (in) {
                byte[] kept = in.readNBytes(limit);
                in.transferTo(java.io.OutputStream.nullOutputStream()); // never let the tool block on a full pipe
                result.complete(kept);
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static List<String> checked(List<String> argv) {
        List<String> copy = List.copyOf(argv);
        if (copy.isEmpty() || copy.getFirst().isEmpty()) {
            throw new IllegalArgumentException("empty command line");
        }
        return copy;
    }
}
