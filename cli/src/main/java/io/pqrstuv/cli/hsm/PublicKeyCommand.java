package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.Progress;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.DeviceKey;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.keys.CoseKeys;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "public-key", mixinStandardHelpOptions = true,
        description = "Fetch a key's public key (POST /get_public_key) as PEM (default), DER or COSE_Key CBOR.",
        footer = {"%nExamples:", "  pqrstuv public-key AAECAwQFBgcICQoLDA0ODw > key.pem",
            "  pqrstuv public-key AAECAwQFBgcICQoLDA0ODw --der -o key.der",
            "  pqrstuv public-key AAECAwQFBgcICQoLDA0ODw --cose -o key.cbor", ExitCodes.HELP_FOOTER})
public final class PublicKeyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Key identifier (22 base64url characters).")
    KeyId id;

    static final class Format {
        @Option(names = "--pem", description = "PEM SubjectPublicKeyInfo (default).")
        boolean pem;
        @Option(names = "--der", description = "DER SubjectPublicKeyInfo.")
        boolean der;
        @Option(names = "--cose", description = "COSE_Key, deterministic CBOR (notes §3.4).")
        boolean cose;
    }

    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here (- = stdout, the default).")
    String output = "-";

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        byte[] secret = secret(secretOption);
        DeviceKey key;
        try (AuthorizedSequence seq = client.authorize(secret);
                Progress p = progress("fetching the public key", Duration.ofSeconds(3))) {
            key = seq.describeKey(id);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        byte[] bytes = format.der ? key.spki()
                : format.cose ? CoseKeys.publicCose(key.algorithm(), key.spki())
                : Pem.encode("PUBLIC KEY", key.spki()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (json) {
            print(null, map("identifier", id.base64Url(), "algorithm", key.algorithm().displayName(),
                    "cose_id", key.algorithm().coseId(),
                    "spki", io.pqrstuv.ecp.Base64Url.encode(key.spki()),
                    "cose_key", io.pqrstuv.ecp.Base64Url.encode(CoseKeys.publicCose(key.algorithm(), key.spki()))));
        } else {
            FileArguments.write(output, bytes);
        }
        return ExitCodes.OK;
    }
}
