package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.TlsRenewal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "renew-tls", mixinStandardHelpOptions = true,
        description = {"Give the device a new TLS certificate (POST /renew_tls), endorsed by a device signing key (D-31).",
            "Clients that pin the old certificate must re-pin (the embedded device updates its state directory)."},
        footer = {"%nUse an ES256, Ed25519 or ML-DSA key: SLH-DSA endorsements make the certificate too large for JSSE.",
            "%nExamples:", "  pqrstuv renew-tls --key AAECAwQFBgcICQoLDA0ODw --cn hsm.example.org --country DE --export",
            ExitCodes.HELP_FOOTER})
public final class RenewTlsCommand extends ClientCommand {
    @Option(names = "--key", required = true, paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Device signing key that endorses the CSR.")
    KeyId key;

    @Option(names = "--cn", required = true, paramLabel = "NAME", description = "Common name.")
    String commonName;

    @Option(names = "--country", paramLabel = "CC", defaultValue = "", description = "Two-letter country code.")
    String country;

    @Option(names = "--state", paramLabel = "TEXT", defaultValue = "", description = "State.")
    String state;

    @Option(names = "--province", paramLabel = "TEXT", defaultValue = "", description = "Province.")
    String province;

    @Option(names = "--org", paramLabel = "TEXT", defaultValue = "", description = "Organization name.")
    String org;

    @Option(names = "--org-unit", paramLabel = "TEXT", defaultValue = "", description = "Organizational unit name.")
    String orgUnit;

    @Option(names = "--export", description = "Also write the certificate (CRT and PEM) to the device's export medium.")
    boolean export;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        TlsRenewal r = new TlsRenewal(export, country, state, province, org, orgUnit, commonName, key);
        authorized(client, secretOption, seq -> {
            seq.renewTls(r);
            return null;
        });
        print("TLS certificate renewed; new connections use it" + (export ? " (exported)" : ""),
                map("renewed", true, "exported", export));
        return ExitCodes.OK;
    }
}
