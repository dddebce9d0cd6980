package io.pqrstuv.cli.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.runtime.harden.ProcessHardening;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.SerialPortLink;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pqrstuv storage-module} started as users start it (hardened by default, the launcher's
 * {@code -XX:+DisableAttachMechanism}): it serves, and the probe's own tools, run as the same user
 * without CAP_SYS_PTRACE, get nothing: no heap dump, no {@code /proc/PID/mem}, no core file. Where
 * the machine cannot lock memory (no CAP_IPC_LOCK, RLIMIT_MEMLOCK finite) the start must fail with
 * a line that says so.
 */
@Tag("slow")
class HardenedModuleTest {
    private static boolean root;
    private static boolean canLock;

    @TempDir
    Path dir;

    @BeforeAll
    static void environment() throws Exception {
        Assumptions.assumeTrue(ProcessHardening.supported() && SocatPtyPair.available(), "Linux with socat");
        String status = Files.readString(Path.of("/proc/self/status"));
        root = status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
        String limits = Files.readString(Path.of("/proc/self/limits"));
        canLock = root || limits.lines().anyMatch(l -> l.matches("Max locked memory\\s+\\S+\\s+unlimited.*"));
    }

    /** The prefix for "the same user without CAP_SYS_PTRACE" (see runtime's ProcessHardeningTest). */
    private static List<String> sameUser() {
        return root ? List.of("setpriv", "--bounding-set", "-all,+ipc_lock", "--inh-caps", "-all", "--") : List.of();
    }

    private static String run(List<String> prefix, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theHardenedModuleServesAndRefusesDumpsAndMemoryReads() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); Link link = SerialPortLink.open(pty.b());
                ModuleChild child = ModuleChild.start(sameUser(), List.of(ProcessHardening.NO_ATTACH_OPTION), pty.a(),
                        dir.resolve("state"), dir.resolve("module.err"), "memory")) {
            if (!canLock) {
                assertThat(child.awaitExit(Duration.ofSeconds(30))).isTrue();
                assertThat(child.process().exitValue()).isEqualTo(1);
                assertThat(child.stderr()).contains("cannot harden the process (memory locked)")
                        .contains("RLIMIT_MEMLOCK").contains("--no-harden");
                return;
            }
            assertThat(child.serving()).as(child.stderr()).isTrue();
            assertThat(child.stderr()).contains("hardened: no core dumps, not dumpable, no JVM attach, memory locked")
                    .doesNotContain("WARNING");
            ProbeClient client = new ProbeClient(link);
            assertThat(client.call(RequestPayload.unauthenticated(Command.PING, new byte[] {7})).code())
                    .isEqualTo(ResponseCode.SUCCESS);

            Path dump = dir.resolve("module.hprof");
            String jcmd = run(sameUser(), Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(child.pid()), "GC.heap_dump", "-all", dump.toString());
            assertThat(jcmd).contains("AttachNotSupportedException");
            assertThat(dump).doesNotExist();
            assertThat(run(sameUser(), "sh", "-c", "exec 3</proc/" + child.pid() + "/mem && echo OPENED"))
                    .doesNotContain("OPENED").contains("Permission denied");
            assertThat(Files.readString(Path.of("/proc/" + child.pid() + "/limits")))
                    .containsPattern("Max core file size\\s+0\\s+0\\s");
            assertThat(Files.readString(Path.of("/proc/" + child.pid() + "/status")))
                    .doesNotContainPattern("VmLck:\\s+0 kB");

            child.process().destroy(); // SIGTERM: the orderly shutdown still works hardened
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isIn(0, 143);
        }
    }

    @Test
    void withoutTheLaunchersJvmOptionTheHardenedStartIsRefused() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
                ModuleChild child = ModuleChild.start(List.of(), List.of(), pty.a(), dir.resolve("state"),
                        dir.resolve("module.err"), "memory")) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isTrue();
            assertThat(child.process().exitValue()).isEqualTo(1);
            assertThat(child.stderr()).contains("cannot harden the process (no JVM attach)")
                    .contains("-XX:+DisableAttachMechanism").doesNotContain("serving ICP");
        }
    }
}
