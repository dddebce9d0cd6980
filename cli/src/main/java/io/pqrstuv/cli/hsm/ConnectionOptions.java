package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.Trust;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the device is and which certificate to trust. */
final class ConnectionOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "Device address (default: $" + Defaults.URL_ENV + ", else " + Defaults.URL + ").")
    String url;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust exactly the certificate(s) in this PEM/DER file.")
    Path cacert;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "Trust the certificate with this SHA-256 fingerprint (hex, colons allowed).")
    String pin;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The embedded device's state directory (its --state); its operation/tls/cert.pem"
                    + " is trusted when neither --cacert nor --pin is given (default: $" + Defaults.STATE_ENV
                    + ", else " + Defaults.STATE_DIR_DISPLAY + ").")
    Path stateDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up on a call after this many seconds (default: ${DEFAULT-VALUE}; a device call may take 120 s).")
    int timeoutSeconds;

    /** Takes what was given before the command name ({@link GlobalOptions#check} allows one place only). */
    void inherit(GlobalOptions before) {
        if (before.url != null) {
            url = before.url;
        }
        if (before.cacert != null) {
            cacert = before.cacert;
        }
        if (before.pin != null) {
            pin = before.pin;
        }
        if (before.stateDir != null) {
            stateDir = before.stateDir;
        }
        if (before.timeoutSeconds != null) {
            timeoutSeconds = before.timeoutSeconds;
        }
    }

    URI url() throws UserException {
        String u = url != null ? url : Defaults.url();
        try {
            URI uri = URI.create(u);
            PqrstuvClient.builder(uri, Trust.fingerprint("00".repeat(32))); // validates the form only
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "bad device URL '" + u + "': use https://host[:port]");
        }
    }

    Trust trust() throws UserException {
        if (cacert != null && pin != null) {
            throw new UserException(ExitCodes.USAGE, "give either --cacert or --pin, not both");
        }
        try {
            if (pin != null) {
                return Trust.fingerprint(pin);
            }
            if (cacert != null) {
                return Trust.certificateFile(cacert);
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        Path state = stateDir != null ? stateDir : Defaults.stateDir();
        Path cert = Defaults.certificate(state);
        if (!Files.isRegularFile(cert)) {
            throw new UserException(ExitCodes.USAGE, "no trusted certificate: give --cacert FILE or --pin SHA256 "
                    + "(the embedded device's " + cert + " does not exist)");
        }
        try {
            return Trust.certificateFile(cert);
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }

    PqrstuvClient connect() throws UserException {
        if (timeoutSeconds < 1) {
            throw new UserException(ExitCodes.USAGE, "--timeout must be at least 1 second");
        }
        return PqrstuvClient.builder(url(), trust())
                .requestTimeout(Duration.ofSeconds(timeoutSeconds))
                .build();
    }
}
