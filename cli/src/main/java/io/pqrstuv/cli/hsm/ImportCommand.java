package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a private key (POST /import) from a PKCS#8 file, DER or PEM (BEGIN PRIVATE KEY).",
        footer = {"%nML-DSA and ML-KEM keys must carry their seed (D-22): JDK 25 exports expanded keys only,",
            "which the device refuses; OpenSSL 3.5+ and Bouncy Castle export seeds.",
            "%nExamples:", "  openssl genpkey -algorithm ed25519 -out ed.pem && pqrstuv import ed.pem",
            "  pqrstuv import key.der --secret-file - < secret.txt", ExitCodes.HELP_FOOTER})
public final class ImportCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "PKCS#8 private key, DER or PEM (- = stdin).")
    String file;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        byte[] content = FileArguments.read(file);
        byte[] der = null;
        byte[] secret = null;
        KeyId id;
        try {
            der = Pem.derOrPem(content, "PRIVATE KEY", file);
            secret = secret(secretOption);
            try (AuthorizedSequence seq = client.authorize(secret)) {
                id = seq.importKey(der);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
        print(id.base64Url(), map("identifier", id.base64Url()));
        return ExitCodes.OK;
    }
}
