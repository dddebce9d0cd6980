package io.pqrstuv.runtime.harden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Process hardening for the modules that hold secrets (issue 15): no core dumps, not dumpable, and
 * memory locked against swap, through libc called with Java 25's foreign-function API. Each measure
 * either takes effect or stops the start with a {@link HardeningException} that says what the OS
 * refused and how to allow it; nothing is silently skipped. Development runs opt out explicitly
 * ({@code --no-harden}).
 *
 * <ol>
 *   <li>{@code setrlimit(RLIMIT_CORE, {0, 0})}: no core file on a crash, and the hard limit 0 means
 *       the process cannot raise it again.</li>
 *   <li>{@code prctl(PR_SET_DUMPABLE, 0)}: the kernel then refuses ptrace, {@code /proc/PID/mem} and
 *       {@code process_vm_readv} to every process of the same user without CAP_SYS_PTRACE, and makes
 *       {@code /proc/PID/*} root's. It also suppresses core dumps (unless {@code fs.suid_dumpable} = 2,
 *       which step 1 covers).</li>
 *   <li>The JVM's attach mechanism is off ({@code -XX:+DisableAttachMechanism}, which the launcher
 *       passes): measured, PR_SET_DUMPABLE does <em>not</em> stop {@code jcmd PID GC.heap_dump} by the
 *       same user, because HotSpot's attach listener is a UNIX socket in {@code /tmp} that checks only
 *       the peer's uid and gid. The flag cannot be set from inside a running JVM, so this step checks
 *       it and refuses to go on without it.</li>
 *   <li>{@code mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)}: no page of the process is ever
 *       written to swap. {@code MCL_ONFAULT} (Linux ≥ 4.4) locks each page when it is first touched
 *       instead of populating every mapping at once: a JVM reserves gigabytes it never touches
 *       (heap reservation, class space, code cache, thread stacks), which plain MCL_CURRENT would make
 *       resident. Every page that ever held a secret was touched, so it is locked.</li>
 * </ol>
 *
 * <p><b>RLIMIT_MEMLOCK.</b> The kernel compares the limit with the process's whole virtual size
 * ({@code VmSize}: every reservation, touched or not), not with what is resident, and refuses later
 * mappings that would pass it. A JVM reserves gigabytes (the default maximum heap is a quarter of the
 * RAM, the class space 1 GiB, the code cache 240 MiB), so the usual limits (8 MiB, 64 MiB) can never
 * fit, and a limit that fits today could make a later heap expansion or thread start fail inside the
 * JVM. So memory locking requires CAP_IPC_LOCK or a limit of at least twice the current VmSize (in
 * practice {@code unlimited}: systemd {@code LimitMEMLOCK=infinity}, {@code ulimit -l unlimited}); if
 * only the soft limit is short and the hard limit allows it, the soft limit is raised first. Sizing
 * the heap ({@code -Xmx}) shrinks VmSize but not below ~1.5 GiB, so it is no substitute for the limit;
 * it does bound how much memory can end up locked.
 */
public final class ProcessHardening {

    /** The three measures, in the order they are applied. */
    public enum Measure {
        NO_CORE_DUMPS("no core dumps"),
        NOT_DUMPABLE("not dumpable"),
        NO_ATTACH("no JVM attach"),
        MEMORY_LOCKED("memory locked");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What {@link #apply()} did, for the start-up line. */
    public record Applied(boolean lockedOnFault, String memlockLimit, boolean capIpcLock) {
        public String describe() {
            return "hardened: no core dumps, not dumpable, no JVM attach, memory locked ("
                    + (lockedOnFault ? "on fault" : "all mapped pages") + ", "
                    + (capIpcLock ? "CAP_IPC_LOCK" : "RLIMIT_MEMLOCK " + memlockLimit) + ")";
        }
    }

    private static final int CAP_IPC_LOCK = 14;

    private ProcessHardening() {
    }

    /** True on the one platform this is implemented for: Linux on a 64-bit JVM. */
    public static boolean supported() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && "64".equals(System.getProperty("sun.arch.data.model", "64"));
    }

    /** Applies every measure, in order; the first one refused stops with its reason. */
    public static Applied apply() throws HardeningException {
        return apply(java.util.EnumSet.allOf(Measure.class));
    }

    /** Applies {@code measures} only (tests on machines that cannot lock memory); null Applied fields if no lock. */
    static Applied apply(java.util.Set<Measure> measures) throws HardeningException {
        if (!supported()) {
            throw new HardeningException(Measure.NO_CORE_DUMPS, "process hardening is implemented for Linux"
                    + " (64-bit) only, not " + System.getProperty("os.name") + "; run with --no-harden for development");
        }
        if (measures.contains(Measure.NO_CORE_DUMPS)) {
            noCoreDumps();
        }
        if (measures.contains(Measure.NOT_DUMPABLE)) {
            notDumpable();
        }
        if (measures.contains(Measure.NO_ATTACH)) {
            noAttach();
        }
        return measures.contains(Measure.MEMORY_LOCKED) ? lockMemory() : new Applied(false, "not locked", false);
    }

    /** The JVM option that turns HotSpot's attach listener off, which the launcher adds when hardening. */
    public static final String NO_ATTACH_OPTION = "-XX:+DisableAttachMechanism";

    private static void noAttach() throws HardeningException {
        if (!attachDisabled()) {
            throw new HardeningException(Measure.NO_ATTACH, "the JVM's attach mechanism is on, so any process of"
                    + " the same user could take a heap dump (jcmd PID GC.heap_dump) despite PR_SET_DUMPABLE: start"
                    + " the JVM with " + NO_ATTACH_OPTION + " (the ./pqrstuv launcher does), or run with --no-harden"
                    + " for development");
        }
    }

    /** Whether this JVM runs with the attach mechanism disabled. */
    public static boolean attachDisabled() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("DisableAttachMechanism").getValue());
        } catch (RuntimeException e) {
            return false; // not HotSpot: no way to tell, so not proven off
        }
    }

    private static void noCoreDumps() throws HardeningException {
        LinuxCalls.Result r = LinuxCalls.setrlimit(LinuxCalls.RLIMIT_CORE, 0, 0);
        if (r.failed()) {
            throw new HardeningException(Measure.NO_CORE_DUMPS,
                    "cannot disable core dumps: setrlimit(RLIMIT_CORE, 0/0) failed: " + Errno.name(r.errno()));
        }
        LinuxCalls.Limit now = LinuxCalls.getrlimit(LinuxCalls.RLIMIT_CORE);
        if (now.soft() != 0 || now.hard() != 0) {
            throw new HardeningException(Measure.NO_CORE_DUMPS, "RLIMIT_CORE is still " + now + " after setting it to 0/0");
        }
    }

    private static void notDumpable() throws HardeningException {
        LinuxCalls.Result r = LinuxCalls.prctl(LinuxCalls.PR_SET_DUMPABLE, 0);
        if (r.failed()) {
            throw new HardeningException(Measure.NOT_DUMPABLE,
                    "cannot make the process non-dumpable: prctl(PR_SET_DUMPABLE, 0) failed: " + Errno.name(r.errno()));
        }
        LinuxCalls.Result check = LinuxCalls.prctl(LinuxCalls.PR_GET_DUMPABLE, 0);
        if (check.value() != 0) {
            throw new HardeningException(Measure.NOT_DUMPABLE, "PR_GET_DUMPABLE is " + check.value() + " after setting 0");
        }
    }

    private static Applied lockMemory() throws HardeningException {
        boolean cap = hasEffectiveCapability(CAP_IPC_LOCK);
        LinuxCalls.Limit limit = LinuxCalls.getrlimit(LinuxCalls.RLIMIT_MEMLOCK);
        long vmSize = statusKiB("VmSize").orElse(0L) * 1024;
        long needed = 2 * vmSize;
        if (!cap && !enough(limit.soft(), needed)) {
            if (enough(limit.hard(), needed)) {
                LinuxCalls.Result raised = LinuxCalls.setrlimit(LinuxCalls.RLIMIT_MEMLOCK, limit.hard(), limit.hard());
                if (raised.failed()) {
                    throw refusedLimit(limit, vmSize, "raising the soft limit to the hard one failed: " + Errno.name(raised.errno()));
                }
                limit = LinuxCalls.getrlimit(LinuxCalls.RLIMIT_MEMLOCK);
            } else {
                throw refusedLimit(limit, vmSize, null);
            }
        }
        boolean onFault = true;
        LinuxCalls.Result r = LinuxCalls.mlockall(LinuxCalls.MCL_CURRENT | LinuxCalls.MCL_FUTURE | LinuxCalls.MCL_ONFAULT);
        if (r.failed() && r.errno() == Errno.EINVAL) {
            // A kernel older than 4.4 has no MCL_ONFAULT: lock every mapped page instead (more RAM, same protection).
            onFault = false;
            r = LinuxCalls.mlockall(LinuxCalls.MCL_CURRENT | LinuxCalls.MCL_FUTURE);
        }
        if (r.failed()) {
            throw new HardeningException(Measure.MEMORY_LOCKED, "cannot lock memory against swap: mlockall failed: "
                    + Errno.name(r.errno()) + " (RLIMIT_MEMLOCK " + limit + ", VmSize " + mib(vmSize)
                    + (cap ? ", CAP_IPC_LOCK" : ", no CAP_IPC_LOCK") + "); run with --no-harden for development");
        }
        return new Applied(onFault, limit.toString(), cap);
    }

    private static boolean enough(long limit, long needed) {
        return limit == LinuxCalls.RLIM_INFINITY || Long.compareUnsigned(limit, needed) >= 0;
    }

    private static HardeningException refusedLimit(LinuxCalls.Limit limit, long vmSize, String detail) {
        return new HardeningException(Measure.MEMORY_LOCKED, "cannot lock memory against swap: RLIMIT_MEMLOCK is "
                + limit + " bytes and the process has no CAP_IPC_LOCK; the kernel checks the limit against the whole"
                + " virtual size (VmSize " + mib(vmSize) + " here, mostly reserved and untouched), so it must be"
                + " unlimited (ulimit -l unlimited, systemd LimitMEMLOCK=infinity) or the process must have"
                + " CAP_IPC_LOCK (systemd AmbientCapabilities=CAP_IPC_LOCK)"
                + (detail == null ? "" : "; " + detail) + "; run with --no-harden for development");
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /** A {@code kB} line of {@code /proc/self/status}. */
    static Optional<Long> statusKiB(String field) {
        return statusField(field).map(v -> Long.parseLong(v.replace("kB", "").trim()));
    }

    static Optional<String> statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(line.substring(field.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static boolean hasEffectiveCapability(int cap) {
        return statusField("CapEff").map(hex -> (Long.parseUnsignedLong(hex, 16) >>> cap & 1) == 1).orElse(false);
    }

    /** The current state, as the kernel reports it, for tests and diagnostics. */
    public record State(boolean dumpable, long coreSoft, long coreHard, long lockedKiB) {
    }

    public static State current() {
        LinuxCalls.Limit core = LinuxCalls.getrlimit(LinuxCalls.RLIMIT_CORE);
        return new State(LinuxCalls.prctl(LinuxCalls.PR_GET_DUMPABLE, 0).value() != 0, core.soft(), core.hard(),
                statusKiB("VmLck").orElse(0L));
    }
}
