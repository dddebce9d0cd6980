package io.pqrstuv.cryptnox.emulator.testing;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private PC/SC daemon for tests: {@code pcscd --foreground} (never {@code --auto-exit}) with its
 * own reader.conf.d, in which the vsmartcard {@code vpcd} driver listens on a free TCP port, and its
 * own client socket, so the system-wide daemon is never touched and several test JVMs can each run
 * one at the same time.
 *
 * <pre>{@code
 * try (PrivatePcscd pcscd = PrivatePcscd.start(tempDir);
 *      CardEmulator card = CardEmulator.open(stateFile, CardType.BASIC_G1)) {
 *     card.attachVpcd("127.0.0.1", pcscd.vpcdPort());
 *     CardTerminal t = TerminalFactory.getDefault().terminals().getTerminal(pcscd.readerName(0));
 * }
 * }</pre>
 *
 * <h2>How the socket is made private (measured on Debian 12, pcsc-lite 1.9.9)</h2>
 * <ul>
 * <li>The client library {@code libpcsclite.so.1} honours {@code PCSCLITE_CSOCK_NAME} (the path of
 *     the daemon's socket). The daemon 1.9.9 does <b>not</b>: it always creates
 *     {@code /run/pcscd/pcscd.comm} (verified: with the variable set it still did). So pcscd runs in
 *     a private mount namespace ({@code unshare --mount}) with a tmpfs on {@code /run} and this
 *     instance's directory bind-mounted on {@code /run/pcscd}: its socket appears as
 *     {@code <run dir>/pcscd.comm} outside, and nothing under the real {@code /run} is created or
 *     touched. That needs root (as here and in CI); a non-root user gets {@code unshare
 *     --map-root-user} as well, which works where unprivileged user namespaces are allowed.</li>
 * <li>javax.smartcardio loads libpcsclite in-process, and libpcsclite reads the variable once, on
 *     its first use, from the C environment. A JVM cannot change its own environment through the
 *     Java API, so {@link #start} sets it with {@code setenv(3)} through the foreign-function API,
 *     before the first PC/SC call of the JVM: no surefire {@code environmentVariables} or forked JVM
 *     needed. Consequences: the socket path is fixed for the life of the JVM (one run directory per
 *     JVM, reused by every instance; one instance at a time), and no PC/SC call may happen in this
 *     JVM before the first {@code start} (it would bind the JVM to the system daemon). If
 *     {@code PCSCLITE_CSOCK_NAME} is already in the environment (set by a build or a shell), its
 *     directory is used instead. Child processes get it from {@link #clientEnvironment()}.</li>
 * <li>javax.smartcardio keeps one static PC/SC context for the JVM and never re-establishes it: after
 *     a daemon restart every call fails with "list() failed" until {@link #resetSmartcardio()} makes
 *     a new one (reflection). {@link #restart()} and every {@link #start} after the first in a JVM
 *     (surefire runs all test classes in one JVM) do it, so the JVM needs
 *     {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED} in the surefire or
 *     failsafe {@code argLine} (with {@code --enable-native-access=ALL-UNNAMED} for setenv).</li>
 * <li>vpcd listens on {@code port} (reader "Virtual PCD 00 00") and {@code port+1} ("… 00 01") on
 *     all interfaces; the port pair is picked free just before the start and the start is retried
 *     with another pair if vpcd could not bind.</li>
 * </ul>
 */
public final class PrivatePcscd implements AutoCloseable {
    public static final String SOCKET_ENV = "PCSCLITE_CSOCK_NAME";
    public static final String READER_PREFIX = "Virtual PCD 00 0";
    private static final List<Path> PCSCD = List.of(Path.of("/usr/sbin/pcscd"), Path.of("/usr/bin/pcscd"));
    private static final List<Path> VPCD = List.of(Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/pcsc/drivers/serial/libifdvpcd.so"),
            Path.of("/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so"));
    private static final List<Path> UNSHARE = List.of(Path.of("/usr/bin/unshare"), Path.of("/bin/unshare"));

    private static Path jvmRunDir;
    private static PrivatePcscd running;
    private static boolean startedBefore;

    private final Path dir;
    private final Path confDir;
    private final Path log;
    private final int port;
    private Process process;

    private PrivatePcscd(Path dir, int port) throws IOException {
        this.dir = dir;
        this.confDir = Files.createDirectories(dir.resolve("reader.conf.d"));
        this.log = dir.resolve("pcscd.log");
        this.port = port;
        Files.writeString(confDir.resolve("vpcd"), "FRIENDLYNAME \"Virtual PCD\"\n"
                + "DEVICENAME   /dev/null:0x" + Integer.toHexString(port) + "\n"
                + "LIBPATH      " + find(VPCD).orElseThrow() + "\n"
                + "CHANNELID    0x" + Integer.toHexString(port) + "\n");
    }

    /**
     * What is missing on this machine to run a private pcscd with vpcd (empty when all is there).
     * Tests skip with this message; CI must never skip (see {@code PcscAssumptions}).
     */
    public static Optional<String> missing() {
        List<String> m = new ArrayList<>();
        if (find(PCSCD).isEmpty()) {
            m.add("pcscd (Debian package pcscd)");
        }
        if (find(VPCD).isEmpty()) {
            m.add("the vpcd reader driver (Debian package vsmartcard-vpcd)");
        }
        if (find(UNSHARE).isEmpty()) {
            m.add("unshare (util-linux)");
        }
        return m.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", m));
    }

    /**
     * Starts a private pcscd whose files (reader.conf.d, log) live in {@code tempDir}.
     *
     * @throws IllegalStateException if another instance of this JVM is still running
     */
    public static synchronized PrivatePcscd start(Path tempDir) throws IOException {
        if (running != null) {
            throw new IllegalStateException("one private pcscd per JVM at a time (its socket path is fixed): close "
                    + running.dir + " first");
        }
        Optional<String> missing = missing();
        if (missing.isPresent()) {
            throw new IOException("cannot run a private pcscd: missing " + missing.get());
        }
        Path runDir = runDirectory();
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Path d = Files.createTempDirectory(tempDir, "pcscd-");
            PrivatePcscd p = new PrivatePcscd(d, freePortPair());
            try {
                p.launch(runDir);
                running = p;
                if (startedBefore) {
                    // a new daemon on the same socket: javax.smartcardio's context is the old one's
                    resetSmartcardioOrWarn();
                }
                startedBefore = true;
                return p;
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The directory whose pcscd.comm the clients of this JVM use; fixed at the first call. */
    private static Path runDirectory() throws IOException {
        if (jvmRunDir == null) {
            String env = System.getenv(SOCKET_ENV);
            if (env != null) {
                Path sock = Path.of(env);
                if (!sock.getFileName().toString().equals("pcscd.comm")) {
                    throw new IOException(SOCKET_ENV + "=" + env + " must name a file called pcscd.comm (the only name pcscd 1.9.9 creates)");
                }
                jvmRunDir = Files.createDirectories(sock.toAbsolutePath().getParent());
            } else {
                jvmRunDir = Files.createTempDirectory("pqrstuv-pcscd-run-");
                setenv(SOCKET_ENV, jvmRunDir.resolve("pcscd.comm").toString());
            }
        }
        return jvmRunDir;
    }

    private static void setenv(String name, String value) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
                if (rc != 0) {
                    throw new IllegalStateException("setenv(" + name + ") failed");
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException("cannot set " + name + " for libpcsclite (run the JVM with"
                    + " --enable-native-access=ALL-UNNAMED, or set " + name + " in its environment)", t);
        }
    }

    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket()) {
                a.setReuseAddress(false);
                a.bind(new InetSocketAddress(0));
                int p = a.getLocalPort();
                if (p >= 65535) {
                    continue;
                }
                try (ServerSocket b = new ServerSocket()) {
                    b.setReuseAddress(false);
                    b.bind(new InetSocketAddress(p + 1));
                    return p;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no free pair of TCP ports for vpcd");
    }

    private void launch(Path runDir) throws IOException {
        Files.deleteIfExists(runDir.resolve("pcscd.comm"));
        Files.deleteIfExists(runDir.resolve("pcscd.pid"));
        List<String> cmd = new ArrayList<>();
        cmd.add(find(UNSHARE).orElseThrow().toString());
        if (!isRoot()) {
            cmd.add("--map-root-user");
        }
        cmd.addAll(List.of("--mount", "--propagation", "private", "sh", "-c",
                "set -e; mount -t tmpfs -o mode=0755 pqrstuv-pcscd /run; mkdir /run/pcscd; "
                        + "mount --bind \"$1\" /run/pcscd; exec \"$2\" --foreground --info --config \"$3\"",
                "pcscd-private", runDir.toString(), find(PCSCD).orElseThrow().toString(), confDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("LISTEN_FDS");
        pb.environment().remove("LISTEN_PID");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path socket = runDir.resolve("pcscd.comm");
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            text = text.length() > logStart ? text.substring((int) logStart) : "";
            if (text.contains("Could not initialize connection to virtual ICC") || text.contains("Address already in use")) {
                stopProcess();
                throw new PortTakenException("vpcd could not listen on " + port + "/" + (port + 1));
            }
            if (text.contains("daemon ready") && Files.exists(socket)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("private pcscd exited with " + process.exitValue() + "; log " + log + ":\n" + text);
            }
            if (System.nanoTime() > deadline) {
                stopProcess();
                throw new IOException("private pcscd not ready after 20 s; log " + log + ":\n" + text);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopProcess();
                throw new IOException("interrupted while starting pcscd");
            }
        }
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static Optional<Path> find(List<Path> candidates) {
        return candidates.stream().filter(Files::exists).findFirst();
    }

    /** vpcd's port for reader slot 0 ("Virtual PCD 00 00"); slot 1 is this + 1. */
    public int vpcdPort() {
        return port;
    }

    /** The PC/SC reader name of vpcd slot 0 or 1. */
    public String readerName(int slot) {
        if (slot != 0 && slot != 1) {
            throw new IllegalArgumentException("vpcd has slots 0 and 1");
        }
        return READER_PREFIX + slot;
    }

    /** The daemon's client socket (what {@code PCSCLITE_CSOCK_NAME} names). */
    public Path socket() {
        return jvmRunDir.resolve("pcscd.comm");
    }

    /** The environment a child process needs to use this daemon. */
    public Map<String, String> clientEnvironment() {
        return Map.of(SOCKET_ENV, socket().toString());
    }

    public Path log() {
        return log;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops and starts the daemon (same port, same socket); vpcd's port closes meanwhile. */
    public synchronized void restart() throws IOException {
        stopProcess();
        launch(jvmRunDir);
        resetSmartcardioOrWarn();
    }

    private static void resetSmartcardioOrWarn() {
        try {
            resetSmartcardio();
        } catch (IllegalStateException e) {
            System.err.println("WARNING: " + e.getMessage() + "; javax.smartcardio in this JVM still uses the"
                    + " previous pcscd and will fail with \"list() failed\"");
        }
    }

    /**
     * Gives javax.smartcardio a new PC/SC context: the JDK keeps one static context per JVM and
     * never re-establishes it. {@link #start} (from the second daemon of a JVM on) and
     * {@link #restart()} call it; {@link javax.smartcardio.CardTerminal} objects obtained before are
     * stale afterwards (get them again).
     */
    public static void resetSmartcardio() {
        try {
            Class<?> c = Class.forName("sun.security.smartcardio.PCSCTerminals");
            synchronized (c) {
                Field ctx = c.getDeclaredField("contextId");
                ctx.setAccessible(true);
                ctx.setLong(null, 0L);
                Field terminals = c.getDeclaredField("terminals");
                terminals.setAccessible(true);
                ((Map<?, ?>) terminals.get(null)).clear();
                Method init = c.getDeclaredMethod("initContext");
                init.setAccessible(true);
                init.invoke(null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reset javax.smartcardio's PC/SC context (the JVM needs"
                    + " --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED)", e);
        }
    }

    private void stopProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        synchronized (PrivatePcscd.class) {
            synchronized (this) {
                stopProcess();
            }
            if (running == this) {
                running = null;
            }
        }
    }

    private static final class PortTakenException extends IOException {
        PortTakenException(String m) {
            super(m);
        }
    }

    @Override
    public String toString() {
        return "PrivatePcscd[vpcd port " + port + ", socket " + (jvmRunDir == null ? "?" : socket()) + ", log " + log + "]";
    }

}
