package io.pqrstuv.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes (sh, printf, cat, tr, sleep, head) through the launcher. */
class ProcessLauncherTest {
    @TempDir
    Path dir;

    @Test
    void capturesOutputAndErrorsAndExitStatus() throws ProcessFailure {
        ProcessLauncher.Finished f = ProcessLauncher.of("sh", "-c", "printf out; printf err >&2; exit 3")
                .captureOutput().captureErrors(100).run();
        assertThat(new String(f.output(), StandardCharsets.US_ASCII)).isEqualTo("out");
        assertThat(f.exits()).singleElement().satisfies(e -> {
            assertThat(e.program()).isEqualTo("sh");
            assertThat(e.status()).isEqualTo(3);
            assertThat(e.errorText()).isEqualTo("err");
        });
        assertThatThrownBy(f::requireSuccess).isInstanceOf(ProcessFailure.class)
                .hasMessage("sh exited 3: err")
                .satisfies(e -> assertThat(((ProcessFailure) e).reason()).isEqualTo(ProcessFailure.Reason.EXIT_STATUS));
        assertThat(f.output()).containsOnly(0); // wiped by requireSuccess
    }

    @Test
    void standardInputIsEmptyAndOutputIsDiscardedByDefault() throws ProcessFailure {
        ProcessLauncher.Finished f = ProcessLauncher.of("sh", "-c", "cat; echo done").run().requireSuccess();
        assertThat(f.output()).isEmpty();
        ProcessLauncher.Finished read = ProcessLauncher.of("cat").captureOutput().run();
        assertThat(read.output()).isEmpty(); // /dev/null: cat ends at once
    }

    @Test
    void aPipelineFeedsOneIntoTheNextAndNamesTheFailingStage() throws ProcessFailure {
        ProcessLauncher.Finished f = ProcessLauncher.of("printf", "abc").pipeTo(List.of("tr", "a-z", "A-Z"))
                .captureOutput().run().requireSuccess();
        assertThat(new String(f.output(), StandardCharsets.US_ASCII)).isEqualTo("ABC");
        ProcessLauncher.Finished broken = ProcessLauncher.of("sh", "-c", "echo first >&2; exit 2")
                .pipeTo(List.of("cat")).captureErrors(64).run();
        assertThat(broken.firstFailure()).hasValueSatisfying(e -> {
            assertThat(e.program()).isEqualTo("sh");
            assertThat(e.errorText()).isEqualTo("first");
        });
    }

    @Test
    void errorsAreCappedButTheToolNeverBlocksOnAFullPipe() throws ProcessFailure {
        // 1 MiB on stderr, far over a pipe buffer: it must still exit, with the first 10 bytes kept.
        ProcessLauncher.Finished f = ProcessLauncher.of("sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x >&2")
                .captureErrors(10).timeout(Duration.ofSeconds(20)).run().requireSuccess();
        assertThat(f.exits().getFirst().errors()).hasSize(10);
    }

    @Test
    void aHangingToolIsKilledAtTheTimeLimitEvenWithItsPipesOpen() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ProcessLauncher.of("sh", "-c", "echo started >&2; sleep 30").captureErrors(100)
                .captureOutput().timeout(Duration.ofMillis(500)).run())
                .isInstanceOf(ProcessFailure.class).hasMessage("sh timed out")
                .satisfies(e -> assertThat(((ProcessFailure) e).reason()).isEqualTo(ProcessFailure.Reason.TIMED_OUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingProgramCannotStart() {
        assertThatThrownBy(() -> ProcessLauncher.of("pqrstuv-no-such-tool", "x").run())
                .isInstanceOf(ProcessFailure.class).hasMessageStartingWith("pqrstuv-no-such-tool could not be started")
                .satisfies(e -> {
                    assertThat(((ProcessFailure) e).reason()).isEqualTo(ProcessFailure.Reason.CANNOT_START);
                    assertThat(((ProcessFailure) e).program()).isEqualTo("pqrstuv-no-such-tool");
                });
    }

    @Test
    void umaskAndDirectoryApplyToTheTool() throws Exception {
        ProcessLauncher.of("sh", "-c", "echo secret > private.txt").directory(dir).umask("077").run().requireSuccess();
        ProcessLauncher.of("sh", "-c", "echo public > public.txt").directory(dir).umask("022").run().requireSuccess();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("private.txt")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("public.txt")))).isEqualTo("rw-r--r--");
        // Arguments reach the tool untouched through the umask wrapper, spaces and quotes included.
        ProcessLauncher.Finished f = ProcessLauncher.of("printf", "%s|", "a b", "\"q\"", "$HOME").umask("077")
                .captureOutput().run().requireSuccess();
        assertThat(new String(f.output(), StandardCharsets.UTF_8)).isEqualTo("a b|\"q\"|$HOME|");
    }

    @Test
    void badDescriptionsAreRefused() {
        assertThatThrownBy(() -> ProcessLauncher.of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessLauncher.of("x").umask("77; rm")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessLauncher.of("x").timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessLauncher.of("x").captureErrors(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
