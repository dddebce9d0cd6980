package io.pqrstuv.qrng.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Polls the control file (a few times a second: cheap, and works on every file system). */
final class ControlFileWatcher implements AutoCloseable {
    static final long PERIOD_MS = 200;

    private final Path file;
    private final FaultSettings base;
    private final Faults faults;
    private final Consumer<String> log;
    private final Thread thread;
    private String applied;
    private volatile boolean stopped;

    ControlFileWatcher(Path file, FaultSettings base, Faults faults, Consumer<String> log) {
        this.file = file;
        this.base = base;
        this.faults = faults;
        this.log = log;
        check();
        this.thread = Thread.ofPlatform().daemon().name("qcicada-emu-control").start(this::loop);
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            check();
        }
    }

    /** Applies the file if its content changed since the last look. */
    synchronized void check() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            text = null;
        } catch (IOException e) {
            return; // being replaced; next round
        }
        if (text == null ? applied == null : text.equals(applied)) {
            return;
        }
        if (text == null) {
            applied = null;
            faults.apply(base);
            log.accept(file + " removed: faults back to the start-up settings");
            return;
        }
        applied = text;
        try {
            FaultSettings s = ControlFile.parse(text, base);
            faults.apply(s);
            log.accept(file + " applied: " + describe(s));
        } catch (IllegalArgumentException e) {
            log.accept(file + " ignored: " + e.getMessage());
        }
    }

    static String describe(FaultSettings s) {
        return ControlFile.format(s).lines().filter(l -> !l.startsWith("#")).map(String::strip)
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
