package io.pqrstuv.cli;

import io.pqrstuv.cli.device.Banner;
import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.EmbeddedDevice;
import io.pqrstuv.cli.device.NextSteps;
import io.pqrstuv.serial.HostPort;
import io.pqrstuv.serial.LineRate;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqrstuv device}: a whole device in one process — a storage module and an operation module
 * joined by an in-memory link that behaves like the 9600-bps wire unless told otherwise.
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Start a whole PQRSTUV device (storage module + operation module) in this process.")
public final class DeviceCommand implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "DIR",
            description = "State directory (default: ~/.pqrstuv/device): storage/, operation/ (TLS, syslog), export/.")
    Path state;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = DeviceLayout.DEFAULT_LISTEN,
            description = "HTTPS listen address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--line-rate", paramLabel = "BAUD|unlimited", defaultValue = "9600",
            description = "Speed of the internal link between the modules (default: ${DEFAULT-VALUE} bps, as the real wire).")
    String lineRate;

    @Option(names = "--vault", paramLabel = "NAME", defaultValue = "dev",
            description = "Storage-module key vault (default: ${DEFAULT-VALUE}).")
    String vault;

    // The development launcher runs unhardened unless asked (docs/security.md, "Process hardening", P-91).
    @Option(names = "--harden", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Harden the process as the separate modules are by default: no core dumps, not dumpable,"
                    + " JVM attach off (-XX:+DisableAttachMechanism, passed by ./pqrstuv), memory locked against swap"
                    + " (CAP_IPC_LOCK or RLIMIT_MEMLOCK unlimited). Default: off (development).")
    boolean harden;

    @Override
    public Integer call() throws Exception {
        if (harden) {
            java.util.Optional<String> hardening = ProcessHardeningOption.apply("device", true, System.err);
            if (hardening.isEmpty()) {
                return 1;
            }
            System.err.println("pqrstuv device: " + hardening.get());
        }
        try {
            return run();
        } catch (Exception e) {
            return OperationModuleCommand.fail("device", e);
        }
    }

    private int run() throws Exception {
        LineRate rate = LineRate.parse(lineRate);
        DeviceLayout layout = new DeviceLayout(state != null ? state : DeviceLayout.defaultRoot());
        EmbeddedDevice device = EmbeddedDevice.start(layout, HostPort.parseListen(listen).toSocketAddress(), rate, vault);
        System.out.println("PQRSTUV device: storage module (vault " + vault + ") and operation module, internal link "
                + (rate.isUnlimited() ? "unlimited" : rate.baud() + " bps") + ", state " + layout.root().toAbsolutePath());
        Banner.print(System.out, device.operation());
        NextSteps.print(System.out, device.url(), device.certificatePath().toString(),
                DeviceLayout.DEFAULT_LISTEN.equals(listen) && state == null);
        return OperationModuleCommand.serveUntilStopped(device);
    }
}
