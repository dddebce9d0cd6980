package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.DeviceKey;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.keys.DeviceKem;
import io.pqrstuv.ecp.Base64Url;
import java.security.SecureRandom;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "encapsulate", mixinStandardHelpOptions = true,
        description = {"Encapsulate a fresh 32-byte secret to a device KEM key, locally (ML-KEM Encaps, or RSA-OAEP "
                + "of a random secret). The device's decapsulate returns the same secret."},
        footer = {"%nThe ciphertext goes to -o (default ID.ct); the shared secret to --secret-out, or stdout as base64url.",
            "%nExamples:", "  pqrstuv encapsulate AAECAwQFBgcICQoLDA0ODw -o ct.bin --secret-out ss.bin",
            ExitCodes.HELP_FOOTER})
public final class EncapsulateCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Key identifier of an ML-KEM or RSA-OAEP key.")
    KeyId id;

    @Option(names = {"-o", "--output"}, paramLabel = "CT", description = "Ciphertext file (default: ID.ct).")
    String output;

    @Option(names = "--secret-out", paramLabel = "FILE", description = "Write the shared secret (raw) here.")
    String secretOut;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Use this public key (PEM/DER) with --alg instead of asking the device.")
    String publicKeyFile;

    @Option(names = "--alg", paramLabel = "ALG", converter = Converters.AlgorithmConverter.class,
            description = "The algorithm, when the key does not tell (RSA: RSA-OAEP-256 or RSA-OAEP-512).")
    io.pqrstuv.icp.alg.Algorithm algorithm;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        DeviceKey key;
        if (publicKeyFile != null) {
            byte[] spki = Pem.derOrPem(FileArguments.read(publicKeyFile), "PUBLIC KEY", publicKeyFile);
            var c = io.pqrstuv.client.keys.DeviceKeys.candidates(spki);
            var alg = algorithm != null ? algorithm : c.size() == 1 ? c.iterator().next() : null;
            if (alg == null) {
                throw new UserException(ExitCodes.USAGE, "an RSA key does not say RSA-OAEP-256 or -512: add --alg");
            }
            key = new DeviceKey(id, alg, spki);
        } else {
            byte[] secret = secret(secretOption);
            try (AuthorizedSequence seq = client().authorize(secret)) {
                key = seq.describeKey(id);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        if (!key.algorithm().isKem()) {
            throw new UserException(ExitCodes.USAGE, "key " + id + " is a " + key.algorithm().displayName()
                    + " key, not a KEM key");
        }
        DeviceKem.Encapsulation e = DeviceKem.encapsulate(key.algorithm(), key.publicKey(), new SecureRandom());
        byte[] shared = e.secret();
        try {
            String ct = output != null ? output : id.base64Url() + ".ct";
            FileArguments.write(ct, e.ciphertext());
            if (secretOut != null) {
                FileArguments.write(secretOut, shared);
            }
            String b64 = secretOut == null ? Base64Url.encode(shared) : null;
            print("ciphertext (" + e.ciphertext().length + " bytes) written to " + ct
                            + (b64 != null ? "\nshared secret: " + b64 : "\nshared secret written to " + secretOut),
                    map("algorithm", key.algorithm().displayName(), "ciphertext_file", ct,
                            "shared_secret", b64, "shared_secret_file", secretOut));
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
        return ExitCodes.OK;
    }
}
