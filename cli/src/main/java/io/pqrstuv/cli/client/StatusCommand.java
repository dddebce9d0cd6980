package io.pqrstuv.cli.client;

import io.pqrstuv.client.DeviceInfo;
import io.pqrstuv.client.PqrstuvClient;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Device status: identity (GET /info), connectivity to the storage module (POST /ping) "
                + "and the TLS certificate in use.",
        footer = {"%nExamples:", "  pqrstuv status", "  pqrstuv status --json", ExitCodes.HELP_FOOTER})
public final class StatusCommand extends ClientCommand {
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
        print("Device:        " + client.url() + "\n"
                        + "Name:          " + info.name().orElse("-") + "\n"
                        + "Serial number: " + info.serialNumber().orElse("-") + "\n"
                        + "Storage link:  ok (ping " + pingMs + " ms, info " + infoMs + " ms)\n"
                        + "Algorithms:    " + info.algorithms().size() + " offered\n"
                        + "TLS:           TLS 1.3, certificate " + cert.getSubjectX500Principal().getName() + "\n"
                        + "               valid until " + cert.getNotAfter().toInstant() + "\n"
                        + "               SHA-256 " + fp,
                map("url", client.url().toString(), "name", info.name().orElse(null),
                        "serial_number", info.serialNumber().orElse(null), "storage_link", "ok",
                        "ping_millis", pingMs, "info_millis", infoMs, "algorithms", info.algorithms().size(),
                        "tls_subject", cert.getSubjectX500Principal().getName(),
                        "tls_not_after", cert.getNotAfter().toInstant().toString(), "tls_sha256", fp));
        return ExitCodes.OK;
    }
}
