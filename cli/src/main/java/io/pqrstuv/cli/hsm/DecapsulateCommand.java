package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.ecp.Base64Url;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decapsulate", mixinStandardHelpOptions = true,
        description = "Decapsulate (ML-KEM) or decrypt (RSA-OAEP) a ciphertext with a device key (POST /decapsulate).",
        footer = {"%nCT is a file holding the raw ciphertext, or its base64url text.",
            "The secret goes to -o FILE (raw) or stdout as base64url.",
            "%nExamples:", "  pqrstuv decapsulate AAECAwQFBgcICQoLDA0ODw ct.bin -o ss.bin", ExitCodes.HELP_FOOTER})
public final class DecapsulateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Key identifier of an ML-KEM or RSA-OAEP key.")
    KeyId id;

    @Parameters(index = "1", paramLabel = "CT", description = "Ciphertext file (- = stdin).")
    String ciphertextFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the secret (raw) here.")
    String output;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        byte[] content = FileArguments.read(ciphertextFile);
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        byte[] ct = Base64Url.decode(text).filter(b -> b.length > 0).orElse(content);
        byte[] plain = authorized(client, secretOption, seq -> seq.decapsulate(id, ct));
        try {
            if (output != null) {
                FileArguments.write(output, plain);
                print("secret (" + plain.length + " bytes) written to " + output, map("file", output, "bytes", plain.length));
            } else {
                String b64 = Base64Url.encode(plain);
                print(b64, map("secret", b64));
            }
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
