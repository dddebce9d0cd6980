package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.DeviceInfo;
import io.pqrstuv.client.DeviceKey;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.TlsEndorsement;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Device status: identity (GET /info), connectivity to the storage module (POST /ping) "
                + "and the TLS certificate in use.",
        footer = {"%nA certificate from /renew_tls carries an HSM endorsement (D-31); --verify-endorsement checks it "
                + "with the endorsing device key (needs the secret).",
            "%nExamples:", "  pqrstuv status", "  pqrstuv status --json", "  pqrstuv status --verify-endorsement",
            ExitCodes.HELP_FOOTER})
public final class StatusCommand extends ClientCommand {
    @Option(names = "--verify-endorsement",
            description = "Verify the certificate's HSM endorsement with the device key that made it.")
    boolean verifyEndorsement;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        long t0 = System.nanoTime();
        DeviceInfo info = client.info();
        long infoMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        client.ping(new byte[] {0x50, 0x51, 0x52});
        long pingMs = (System.nanoTime() - t0) / 1_000_000;
        X509Certificate cert = client.lastPresentedCertificate().orElseThrow();
        String fp = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        Optional<TlsEndorsement.Endorsement> endorsement = TlsEndorsement.read(cert);
        String endorsed = endorsement.map(e -> "endorsed by device key " + e.keyId()).orElse("none (first-start certificate)");
        Boolean verified = null;
        if (verifyEndorsement) {
            if (endorsement.isEmpty()) {
                throw new UserException(ExitCodes.USAGE, "the certificate carries no HSM endorsement");
            }
            byte[] secret = secret(secretOption);
            DeviceKey key;
            try (AuthorizedSequence seq = client.authorize(secret)) {
                key = seq.describeKey(endorsement.get().keyId());
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            verified = TlsEndorsement.verify(cert, key);
            endorsed += verified ? " (verified)" : " (INVALID)";
        }
        print("Device:        " + client.url() + "\n"
                        + "Name:          " + info.name().orElse("-") + "\n"
                        + "Serial number: " + info.serialNumber().orElse("-") + "\n"
                        + "Storage link:  ok (ping " + pingMs + " ms, info " + infoMs + " ms)\n"
                        + "Algorithms:    " + info.algorithms().size() + " offered\n"
                        + "TLS:           TLS 1.3, certificate " + cert.getSubjectX500Principal().getName() + "\n"
                        + "               valid until " + cert.getNotAfter().toInstant() + "\n"
                        + "               SHA-256 " + fp + "\n"
                        + "Endorsement:   " + endorsed,
                map("url", client.url().toString(), "name", info.name().orElse(null),
                        "serial_number", info.serialNumber().orElse(null), "storage_link", "ok",
                        "ping_millis", pingMs, "info_millis", infoMs, "algorithms", info.algorithms().size(),
                        "tls_subject", cert.getSubjectX500Principal().getName(),
                        "tls_not_after", cert.getNotAfter().toInstant().toString(), "tls_sha256", fp,
                        "endorsement_key", endorsement.map(e -> e.keyId().base64Url()).orElse(null),
                        "endorsement_verified", verified));
        return Boolean.FALSE.equals(verified) ? ExitCodes.INVALID_SIGNATURE : ExitCodes.OK;
    }
}
