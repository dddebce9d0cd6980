package io.pqrstuv.storage.testing;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.clock.ScaledClock;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The storage module a black-box test talks to. By default a fresh in-process module on an
 * in-memory link. With {@code -Dpqrstuv.icp.tty=PATH} an external implementation whose other end
 * is PATH: tests that need a fresh state, a restart or a known time scale skip themselves then
 * ({@code -Dpqrstuv.icp.timeScale=N} declares the external module's scale).
 */
public final class ModuleUnderTest implements AutoCloseable {
    public static final String TTY_PROPERTY = "pqrstuv.icp.tty";
    public static final String SCALE_PROPERTY = "pqrstuv.icp.timeScale";

    /** How an in-process module is connected. */
    public enum Transport { MEMORY, PTY }

    private final Transport transport;
    private final long timeScale;
    private final String vault;
    private final Path stateDir;
    private final boolean external;
    private StorageModule module;
    private IcpClient client;
    private AutoCloseable plumbing;

    private ModuleUnderTest(Transport transport, long timeScale, String vault, Path stateDir, boolean external) {
        this.transport = transport;
        this.vault = vault;
        this.timeScale = timeScale;
        this.stateDir = stateDir;
        this.external = external;
    }

    public static ModuleUnderTest start() throws Exception {
        return start(Transport.MEMORY, 1);
    }

    public static ModuleUnderTest start(Transport transport, long timeScale) throws Exception {
        return start(transport, timeScale, "memory");
    }

    /** A module on {@code vault} ({@code memory}, or a persistent backend such as {@code dev}). */
    public static ModuleUnderTest start(Transport transport, long timeScale, String vault) throws Exception {
        String tty = System.getProperty(TTY_PROPERTY);
        if (tty != null && !tty.isBlank()) {
            long scale = Long.getLong(SCALE_PROPERTY, 0);
            ModuleUnderTest m = new ModuleUnderTest(Transport.PTY, scale, null, null, true);
            m.client = new IcpClient(externalLink(Path.of(tty)));
            return m;
        }
        ModuleUnderTest m = new ModuleUnderTest(transport, timeScale, vault, Files.createTempDirectory("pqrstuv-sm-"), false);
        m.boot();
        return m;
    }

    private static Link sharedExternal;

    /**
     * One tty link for the whole test run, never closed by a test: like the operation module, the
     * tests keep the line open (a socat pty pair also ends when one side closes).
     */
    private static synchronized Link externalLink(Path tty) throws IOException {
        if (sharedExternal == null) {
            sharedExternal = TestLinks.openTty(tty);
        }
        Link shared = sharedExternal;
        return new Link() {
            @Override
            public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
                return shared.read(buf, off, len, timeout);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                shared.write(buf, off, len);
            }

            @Override
            public String describe() {
                return shared.describe();
            }

            @Override
            public void close() {
                // the shared line stays open
            }
        };
    }

    private void boot() throws Exception {
        StorageModule.Config config = new StorageModule.Config(stateDir, vault, new DrbgEntropySource(),
                TestEngines.deviceCrypto(), new ScaledClock(timeScale), Algorithm.PROFILE);
        Link moduleEnd;
        Link testEnd;
        if (transport == Transport.MEMORY) {
            PipeLink.Pair pair = PipeLink.pair();
            moduleEnd = pair.a();
            testEnd = pair.b();
            plumbing = null;
        } else {
            TestLinks.PtyPair pty = TestLinks.ptyPair();
            plumbing = pty;
            moduleEnd = pty.a();
            testEnd = pty.b();
        }
        try {
            module = StorageModule.start(config, moduleEnd);
        } catch (Exception e) {
            moduleEnd.close();
            testEnd.close();
            if (plumbing != null) {
                plumbing.close();
            }
            throw e;
        }
        client = new IcpClient(testEnd);
    }

    public IcpClient client() {
        return client;
    }

    public boolean external() {
        return external;
    }

    /** Skips the test when the module is not ours to start, stop or reset. */
    public void assumeControlled() {
        Assumptions.assumeFalse(external, "needs a module started by the test");
    }

    /** Skips the test unless the module's clock runs at least {@code minimum} times faster. */
    public void assumeTimeScale(long minimum) {
        Assumptions.assumeTrue(timeScale >= minimum, "needs --time-scale >= " + minimum);
    }

    /** Whether the module's clock speed is known (always for ours; declared for an external one). */
    public boolean knowsClock() {
        return timeScale > 0;
    }

    /** Real time for {@code moduleTime} of module clock. */
    public Duration real(Duration moduleTime) {
        return moduleTime.dividedBy(timeScale);
    }

    public void sleepModuleTime(Duration moduleTime) throws InterruptedException {
        Thread.sleep(real(moduleTime));
    }

    /** Stops the module (letting the frame in progress finish) and starts it again on the same state. */
    public void restart() throws Exception {
        assumeControlled();
        stopModule();
        boot();
    }

    private void stopModule() throws Exception {
        client.close();
        module.close();
        if (plumbing != null) {
            plumbing.close();
        }
    }

    @Override
    public void close() throws Exception {
        if (external) {
            client.close();
            return;
        }
        stopModule();
        try (Stream<Path> s = Files.walk(stateDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
