package io.pqrstuv.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long-running programs through {@link ProcessLauncher#start()}: readiness on stderr, stopping, failures. */
class ProcessLauncherStartTest {
    @TempDir
    Path dir;

    @Test
    void aStartedProgramRunsUntilClosedAndItsErrorsAreReadableMeanwhile() throws Exception {
        ProcessLauncher.Running r = ProcessLauncher.of("sh", "-c", "echo ready >&2; exec sleep 60").captureErrors(1000).start();
        try (r) {
            r.awaitErrorText("ready", Duration.ofSeconds(20));
            assertThat(r.isAlive()).isTrue();
            assertThat(r.exitStatus()).isEmpty();
            assertThat(r.errorText()).isEqualTo("ready");
            assertThat(r.program()).isEqualTo("sh");
            assertThat(ProcessHandle.of(r.pid())).isPresent();
        }
        assertThat(r.isAlive()).isFalse();
        assertThat(r.exitStatus()).isPresent();
        r.close(); // twice is fine
    }

    @Test
    void aProgramThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        ProcessLauncher.Running r = ProcessLauncher.of("sh", "-c", "trap '' TERM; echo up >&2; while :; do sleep 0.2; done")
                .captureErrors(100).start();
        r.awaitErrorText("up", Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        r.stop(Duration.ofMillis(300));
        assertThat(r.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(r.exitStatus().getAsInt()).isEqualTo(137); // 128 + SIGKILL
    }

    @Test
    void waitingForTextFailsWhenTheProgramExitsOrTakesTooLong() throws Exception {
        try (ProcessLauncher.Running r = ProcessLauncher.of("sh", "-c", "echo 'no such thing' >&2; exit 4")
                .captureErrors(100).start()) {
            assertThatThrownBy(() -> r.awaitErrorText("ready", Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(ProcessFailure.class, e -> {
                        assertThat(e.reason()).isEqualTo(ProcessFailure.Reason.EXIT_STATUS);
                        assertThat(e.getMessage()).contains("sh exited 4").contains("no such thing");
                    });
        }
        try (ProcessLauncher.Running r = ProcessLauncher.of("sleep", "60").captureErrors(100).start()) {
            assertThatThrownBy(() -> r.awaitErrorText("ready", Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(ProcessFailure.class,
                            e -> assertThat(e.reason()).isEqualTo(ProcessFailure.Reason.TIMED_OUT));
            assertThat(r.isAlive()).as("a slow program keeps running: the caller decides").isTrue();
        }
    }

    @Test
    void errorsAreCappedAndTheProgramNeverBlocksOnAFullPipe() throws Exception {
        try (ProcessLauncher.Running r = ProcessLauncher.of("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x >&2; "
                + "echo done > " + dir.resolve("done") + "; exec sleep 60").captureErrors(10).start()) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(dir.resolve("done")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(dir.resolve("done")).exists();
            assertThat(r.errorText()).isEqualTo("xxxxxxxxxx");
        }
    }

    @Test
    void directoryAndUmaskApplyAndBadUsesAreRefused() throws Exception {
        try (ProcessLauncher.Running r = ProcessLauncher.of("sh", "-c", "touch made; echo ok >&2; exec sleep 60")
                .directory(dir).umask("077").captureErrors(10).start()) {
            r.awaitErrorText("ok", Duration.ofSeconds(20));
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("made")))).isEqualTo("rw-------");
        }
        assertThatThrownBy(() -> ProcessLauncher.of("no-such-program-pqrstuv").start())
                .isInstanceOfSatisfying(ProcessFailure.class,
                        e -> assertThat(e.reason()).isEqualTo(ProcessFailure.Reason.CANNOT_START));
        assertThatThrownBy(() -> ProcessLauncher.of("cat").pipeTo(List.of("cat")).start())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ProcessLauncher.of("cat").captureOutput().start()).isInstanceOf(IllegalStateException.class);
        try (ProcessLauncher.Running r = ProcessLauncher.of("sleep", "60").start()) {
            assertThatThrownBy(() -> r.awaitErrorText("x", Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        }
    }
}
