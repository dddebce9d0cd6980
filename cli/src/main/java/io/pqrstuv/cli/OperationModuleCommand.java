package io.pqrstuv.cli;

import io.pqrstuv.cli.device.Banner;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.serial.HostPort;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.Links;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqrstuv operation-module}: the operation module alone, talking ICP to a storage module on a tty or TCP bridge. */
@Command(name = "operation-module", mixinStandardHelpOptions = true,
        description = "Run the operation module: ECP over HTTPS (TLS 1.3), ICP to the storage module.")
public final class OperationModuleCommand implements Callable<Integer> {
    static final class Storage {
        @Option(names = "--serial", paramLabel = "PATH", required = true,
                description = "Serial device of the storage module (9600 8N1), e.g. /dev/ttyS0 or a socat pty.")
        Path serial;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", required = true,
                description = "Serial-over-TCP bridge to the storage module.")
        String tcp;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Storage storage;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8443",
            description = "HTTPS listen address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "State directory: TLS key and certificate (DIR/tls/cert.pem), syslog setting.")
    Path state;

    @Option(names = "--export", paramLabel = "DIR",
            description = "Export medium (stand-in for the write-only SD slot) for /renew_tls certificates.")
    Path export;

    @Option(names = "--harden", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Harden the process (it holds the TLS key and relays IMPORTed private keys): no core dumps,"
                    + " not dumpable, JVM attach off (-XX:+DisableAttachMechanism, passed by ./pqrstuv), memory locked"
                    + " against swap (CAP_IPC_LOCK or RLIMIT_MEMLOCK unlimited). --no-harden for development only."
                    + " Default: on.")
    boolean harden;

    @Override
    public Integer call() throws Exception {
        Optional<String> hardening = ProcessHardeningOption.apply("operation-module", harden, System.err);
        if (hardening.isEmpty()) {
            return 1;
        }
        String spec = storage.serial != null ? "serial:" + storage.serial : "tcp:" + storage.tcp;
        OperationModule module;
        try {
            Link link = Links.open(spec);
            module = OperationModule.start(new OperationModule.Settings(
                    HostPort.parseListen(listen).toSocketAddress(), state, Optional.ofNullable(export), LineRate.BAUD_9600.baud()), link);
        } catch (Exception e) {
            return fail("operation-module", e);
        }
        Banner.print(System.out, module);
        System.err.println("pqrstuv operation-module: " + hardening.get());
        return serveUntilStopped(module);
    }

    /** One clear line instead of a stack trace for the start-up failures a user can fix (busy port, no tty). */
    static int fail(String command, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String detail = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getMessage() + ": " + e.getCause().getMessage() : cause.getMessage();
        System.err.println("pqrstuv " + command + ": " + detail);
        return 1;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes {@code parts} in order. */
    static int serveUntilStopped(AutoCloseable... parts) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable p : parts) {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
            stopped.countDown();
        }));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
