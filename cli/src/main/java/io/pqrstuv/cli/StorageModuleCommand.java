package io.pqrstuv.cli;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.serial.LineRate;
import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.Links;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.clock.ScaledClock;
import io.pqrstuv.storage.entropy.EntropySource;
import io.pqrstuv.storage.entropy.EntropySourceException;
import io.pqrstuv.storage.entropy.EntropySources;
import io.pqrstuv.storage.persist.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqrstuv storage-module}: the storage module on a serial line (or a serial-over-IP bridge),
 * serving ICP until SIGTERM. Every option is launch wiring, read once (D-46). Prints one start-up
 * line on stderr and nothing else, ever: no request, key, secret or token is logged.
 */
@Command(name = "storage-module", mixinStandardHelpOptions = true,
        description = "Run the PQRSTUV storage module: ICP on a 9600-bps serial line, state under --state.")
public final class StorageModuleCommand implements Callable<Integer> {

    static final class Wire {
        @Option(names = "--serial", paramLabel = "PATH", required = true,
                description = "Serial device (a tty or pty), opened at 9600 8N1.")
        Path serial;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", required = true,
                description = "Connect to a serial-over-IP bridge instead of a local tty.")
        String tcp;

        String spec() {
            return serial != null ? "serial:" + serial.toAbsolutePath() : "tcp:" + tcp;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Wire wire;

    @Option(names = "--state", paramLabel = "DIR", required = true, description = "Directory holding all persistent state.")
    Path state;

    // Secure by default: only the embedded `device` defaults to the software `dev` vault (issue 4).
    @Option(names = "--vault", paramLabel = "NAME", defaultValue = "tpm",
            description = "Root of trust for the at-rest keys: tpm[:TCTI] (TPM 2.0 through tpm2-tss in process, default "
                    + "device:/dev/tpmrm0), tpm-tools[:TCTI] (the same through tpm2-tools processes: slow fallback), "
                    + "pkcs11:CONFIG, dev (software key file, development only), or memory (nothing persists). "
                    + "Default: ${DEFAULT-VALUE}.")
    String vault;

    @Option(names = "--line-rate", paramLabel = "BAUD|unlimited", defaultValue = "unlimited",
            description = "Pace the link in software at this 8N1 rate (a real tty paces itself). Default: ${DEFAULT-VALUE}.")
    String lineRate;

    @Option(names = "--entropy", paramLabel = "os|qcicada:TTY", defaultValue = EntropySources.OS,
            description = "Where every random byte comes from: os (the JDK DRBG, default) or a QCicada QRNG on TTY, whose "
                    + "signed reads are verified under --entropy-ca and mixed with the OS DRBG in an SP 800-90A DRBG. "
                    + "With a QCicada, commands that need randomness answer CMD_FAIL while it fails (fail closed).")
    String entropySpec;

    @Option(names = "--entropy-ca", paramLabel = "CA_PUBLIC_PEM",
            description = "The OEM CA public key that must vouch for the QCicada's device key (required with qcicada:).")
    Path entropyCa;

    // Secure by default: only the development launcher `device` runs unhardened by default.
    @Option(names = "--harden", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Harden the process before any secret is read: no core dumps, not dumpable, JVM attach off"
                    + " (needs -XX:+DisableAttachMechanism, which ./pqrstuv passes), memory locked against swap"
                    + " (needs CAP_IPC_LOCK or RLIMIT_MEMLOCK unlimited). Refuses to start if the OS refuses."
                    + " --no-harden for development only. Default: on.")
    boolean harden;

    @Option(names = "--time-scale", paramLabel = "N", defaultValue = "1", hidden = true,
            description = "TESTING ONLY: the module clock runs N times faster (5/10/30-minute rules).")
    long timeScale;

    @Override
    public Integer call() throws Exception {
        if (timeScale < 1) {
            System.err.println("pqrstuv storage-module: --time-scale must be at least 1");
            return 2;
        }
        LineRate rate;
        try {
            rate = LineRate.parse(lineRate);
        } catch (IllegalArgumentException e) {
            System.err.println("pqrstuv storage-module: " + e.getMessage());
            return 2;
        }
        if (timeScale != 1) {
            System.err.println("""
                    ******************************************************************
                    WARNING: --time-scale %d: the module clock runs %d times faster.
                    Session, secret-key and rate-limit timeouts are %d times shorter.
                    FOR TESTS ONLY. NEVER RUN A REAL DEVICE LIKE THIS.
                    ******************************************************************""".formatted(timeScale, timeScale, timeScale));
        }
        if (entropyCa != null && !entropySpec.startsWith(EntropySources.QCICADA_PREFIX)) {
            System.err.println("pqrstuv storage-module: --entropy-ca is used with --entropy qcicada:TTY");
            return 2;
        }
        if (entropyCa == null && entropySpec.startsWith(EntropySources.QCICADA_PREFIX)) {
            System.err.println("pqrstuv storage-module: --entropy " + entropySpec + " needs --entropy-ca CA_PUBLIC_PEM, "
                    + "the OEM CA public key that vouches for the device key");
            return 2;
        }
        // Hardened before the entropy source exists: its DRBG state is secret.
        Optional<String> hardening = ProcessHardeningOption.apply("storage-module", harden, System.err);
        if (hardening.isEmpty()) {
            return 1;
        }
        EntropySource entropy;
        try {
            // One line per change of the QRNG's health, on stderr: the only lines after start-up.
            entropy = EntropySources.open(entropySpec, entropyCa, line -> System.err.println("pqrstuv storage-module: " + line));
        } catch (IllegalArgumentException e) {
            System.err.println("pqrstuv storage-module: --entropy: " + e.getMessage());
            return 2;
        } catch (EntropySourceException e) {
            System.err.println("pqrstuv storage-module: entropy source " + entropySpec + " refused: " + e.getMessage());
            return 1;
        }
        Link link;
        try {
            link = Links.open(wire.spec(), rate);
        } catch (IOException e) {
            entropy.close();
            System.err.println("pqrstuv storage-module: cannot open the link: " + e.getMessage());
            return 1;
        }
        StorageModule module;
        try {
            module = StorageModule.start(new StorageModule.Config(state, vault, entropy, new JcaDeviceCrypto(),
                    new ScaledClock(timeScale), Algorithm.PROFILE), link);
        } catch (StorageException e) {
            link.close();
            entropy.close();
            System.err.println("pqrstuv storage-module: cannot open the secure storage (vault " + vault + "): "
                    + e.getMessage() + (vault.startsWith("tpm")
                            ? " (no TPM here? for development use --vault dev)" : ""));
            return 1;
        } catch (Exception e) {
            link.close();
            entropy.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("storage-module-shutdown").unstarted(() -> {
            try {
                module.close();
            } catch (Exception e) {
                System.err.println("pqrstuv storage-module: shutdown: " + e.getMessage());
            } finally {
                entropy.close(); // after the module: the command in progress may still draw
            }
        }));
        System.err.println("pqrstuv storage-module: serving ICP on " + link.describe() + ", vault " + vault
                + ", state " + state.toAbsolutePath() + ", entropy " + entropy.describe() + ", " + hardening.get());
        module.awaitTermination();
        Throwable failure = module.failure();
        module.close();
        entropy.close();
        if (failure != null) {
            System.err.println("pqrstuv storage-module: link failed: " + failure.getMessage());
            return 1;
        }
        return 0;
    }
}
