package io.pqrstuv.runtime.harden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardening in real child JVMs, seen from outside as an attacker with the same user id sees it.
 *
 * <p>Run as root (as on this project's machines), "the same user" must not have CAP_SYS_PTRACE,
 * which lets root read any process: both the child and the reader then run under
 * {@code setpriv --bounding-set -all,+ipc_lock}, i.e. uid 0 with CAP_IPC_LOCK only (the kernel also
 * wants the reader's capabilities to include the target's). As another user they run as they are.
 */
class ProcessHardeningTest {
    private static boolean root;
    private static boolean canLock;

    @TempDir
    Path dir;

    @BeforeAll
    static void environment() throws IOException {
        Assumptions.assumeTrue(ProcessHardening.supported(), "Linux only");
        root = ProcessHardening.statusField("Uid").map(u -> u.split("\\s+")[1].equals("0")).orElse(false);
        LinuxCalls.Limit memlock = LinuxCalls.getrlimit(LinuxCalls.RLIMIT_MEMLOCK);
        canLock = root || memlock.hard() == LinuxCalls.RLIM_INFINITY;
    }

    /** The prefix that makes a command "the same user, without CAP_SYS_PTRACE". */
    private static List<String> sameUser() {
        return root ? List.of("setpriv", "--bounding-set", "-all,+ipc_lock", "--inh-caps", "-all", "--") : List.of();
    }

    private record Child(Process process, List<String> lines) implements AutoCloseable {
        long pid() {
            return process.pid();
        }

        String text() {
            return String.join("\n", lines);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Starts a child and reads its output up to READY or its exit. */
    private static Child start(List<String> prefix, List<String> jvm, String mode) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Xmx64m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                HardenedChild.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
            if (line.equals("READY")) {
                break;
            }
        }
        return new Child(p, lines);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> prefix, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(Path.of(System.getProperty("java.io.tmpdir")).toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static Run openMem(long pid) throws Exception {
        return run(sameUser(), "sh", "-c", "exec 3</proc/" + pid + "/mem && echo OPENED");
    }

    private static Run heapDump(long pid, Path file) throws Exception {
        return run(sameUser(), Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                "GC.heap_dump", file.toString());
    }

    private static String proc(long pid, String file) throws IOException {
        return Files.readString(Path.of("/proc/" + pid + "/" + file));
    }

    @Test
    void aHardenedProcessRefusesMemoryReadsHeapDumpsAndCoreDumps() throws Exception {
        String mode = canLock ? "all" : "no-memlock";
        try (Child c = start(sameUser(), List.of(ProcessHardening.NO_ATTACH_OPTION), mode)) {
            assertThat(c.text()).startsWith("hardened: no core dumps, not dumpable, no JVM attach").contains("READY");
            assertThat(c.text()).contains("dumpable=false, coreSoft=0, coreHard=0");
            assertThat(proc(c.pid(), "limits")).containsPattern("Max core file size\\s+0\\s+0\\s");

            Run mem = openMem(c.pid());
            assertThat(mem.output()).doesNotContain("OPENED").contains("Permission denied");
            Path dump = dir.resolve("hardened.hprof");
            Run jcmd = heapDump(c.pid(), dump);
            assertThat(jcmd.output()).contains("AttachNotSupportedException");
            assertThat(dump).doesNotExist();
            if (canLock) {
                long locked = Long.parseLong(proc(c.pid(), "status").lines().filter(l -> l.startsWith("VmLck:"))
                        .findFirst().orElseThrow().replaceAll("\\D", ""));
                assertThat(locked).as("VmLck kB").isPositive();
                assertThat(c.text()).contains("memory locked (on fault");
            }
        }
    }

    @Test
    void theSameReadsSucceedOnAnUnhardenedProcess() throws Exception {
        try (Child c = start(sameUser(), List.of(), "none")) {
            assertThat(c.text()).contains("dumpable=true").contains("READY");
            assertThat(openMem(c.pid()).output()).contains("OPENED");
            Path dump = dir.resolve("plain.hprof");
            Run jcmd = heapDump(c.pid(), dump);
            assertThat(jcmd.exit()).as(jcmd.output()).isZero();
            assertThat(dump).exists();
        }
    }

    /** PR_SET_DUMPABLE alone leaves HotSpot's attach socket open to the same user: hardening refuses to run so. */
    @Test
    void refusesToRunHardenedWithTheAttachMechanismOn() throws Exception {
        try (Child c = start(List.of(), List.of(), "all")) {
            assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(c.process().exitValue()).isEqualTo(3);
            assertThat(c.text()).startsWith("REFUSED NO_ATTACH: ").contains("-XX:+DisableAttachMechanism").contains("--no-harden");
        }
    }

    @Test
    void refusesLoudlyWhenRlimitMemlockIsTooSmall() throws Exception {
        List<String> prefix = new ArrayList<>(List.of("prlimit", "--memlock=65536:65536"));
        if (root) {
            prefix.addAll(List.of("setpriv", "--bounding-set", "-ipc_lock", "--inh-caps", "-ipc_lock", "--"));
        }
        try (Child c = start(prefix, List.of(ProcessHardening.NO_ATTACH_OPTION), "all")) {
            assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(c.process().exitValue()).as(c.text()).isEqualTo(3);
            assertThat(c.text()).startsWith("REFUSED MEMORY_LOCKED: cannot lock memory against swap: RLIMIT_MEMLOCK is 65536/65536")
                    .contains("no CAP_IPC_LOCK").contains("VmSize").contains("LimitMEMLOCK=infinity").contains("--no-harden");
        }
    }
}
