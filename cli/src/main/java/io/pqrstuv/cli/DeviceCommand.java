package io.pqrstuv.cli;

import io.pqrstuv.cli.device.Banner;
import io.pqrstuv.cli.device.DeviceLayout;
import io.pqrstuv.cli.device.EmbeddedDevice;
import io.pqrstuv.cli.device.NextSteps;
import io.pqrstuv.cli.device.Qrng;
import io.pqrstuv.serial.HostPort;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.storage.entropy.EntropySourceException;
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

    @Option(names = "--qrng", paramLabel = "os|emulated|qcicada:TTY", defaultValue = "os",
            description = "The storage module's entropy: os (the JDK DRBG, default), emulated (a QCicada emulated in this "
                    + "process, state under STATE/qrng), or a real QCicada on TTY (with --qrng-ca). A QCicada's signed reads "
                    + "are verified and mixed with the OS DRBG; while it fails, commands that need randomness answer CMD_FAIL.")
    String qrng;

    @Option(names = "--qrng-ca", paramLabel = "CA_PUBLIC_PEM",
            description = "The OEM CA public key that must vouch for the QCicada's device key (with --qrng qcicada:TTY).")
    Path qrngCa;

    // The development launcher runs unhardened unless asked (docs/security.md, "Process hardening", P-91).
    @Option(names = "--harden", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Harden the process as the separate modules are by default: no core dumps, not dumpable,"
                    + " JVM attach off (-XX:+DisableAttachMechanism, passed by ./pqrstuv), memory locked against swap"
                    + " (CAP_IPC_LOCK or RLIMIT_MEMLOCK unlimited). Default: off (development).")
    boolean harden;

    @Override
    public Integer call() throws Exception {
        Qrng entropy;
        try {
            entropy = Qrng.parse(qrng, qrngCa);
        } catch (IllegalArgumentException e) {
            System.err.println("pqrstuv device: " + e.getMessage());
            return 2;
        }
        if (harden) {
            java.util.Optional<String> hardening = ProcessHardeningOption.apply("device", true, System.err);
            if (hardening.isEmpty()) {
                return 1;
            }
            System.err.println("pqrstuv device: " + hardening.get());
        }
        try {
            return run(entropy);
        } catch (EntropySourceException e) {
            System.err.println("pqrstuv device: entropy source --qrng " + qrng + " refused: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            return OperationModuleCommand.fail("device", e);
        }
    }

    private int run(Qrng entropy) throws Exception {
        LineRate rate = LineRate.parse(lineRate);
        DeviceLayout layout = new DeviceLayout(state != null ? state : DeviceLayout.defaultRoot());
        EmbeddedDevice device = EmbeddedDevice.start(layout, HostPort.parseListen(listen).toSocketAddress(), rate, vault,
                entropy, line -> System.err.println("pqrstuv device: " + line));
        System.out.println("PQRSTUV device: storage module (vault " + vault + ") and operation module, internal link "
                + (rate.isUnlimited() ? "unlimited" : rate.baud() + " bps") + ", state " + layout.root().toAbsolutePath());
        Banner.printEntropy(System.out, device);
        Banner.print(System.out, device.operation());
        NextSteps.print(System.out, device.url(), device.certificatePath().toString(),
                DeviceLayout.DEFAULT_LISTEN.equals(listen) && state == null);
        return OperationModuleCommand.serveUntilStopped(device);
    }
}
