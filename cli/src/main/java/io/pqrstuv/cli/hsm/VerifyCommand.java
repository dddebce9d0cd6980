package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.DeviceKey;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a device signature over a file, locally (notes §3.6 rules; no device private-key operation).",
            "The public key comes from the device (POST /get_public_key, needs the secret) or from --public-key."},
        footer = {"%nExit code 0 when the signature is valid, 1 when it is not.",
            "%nExamples:", "  pqrstuv verify AAECAwQFBgcICQoLDA0ODw contract.pdf contract.pdf.sig",
            "  pqrstuv verify AAECAwQFBgcICQoLDA0ODw contract.pdf contract.pdf.sig --public-key key.pem",
            "  pqrstuv verify AAECAwQFBgcICQoLDA0ODw doc sig --public-key rsa.pem --alg PS256", ExitCodes.HELP_FOOTER})
public final class VerifyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Key identifier (22 base64url characters).")
    KeyId id;

    @Parameters(index = "1", paramLabel = "FILE", description = "The document.")
    String file;

    @Parameters(index = "2", paramLabel = "SIG", description = "The signature file (raw bytes).")
    String signatureFile;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Use this public key (PEM or DER SubjectPublicKeyInfo) instead of asking the device.")
    String publicKeyFile;

    @Option(names = "--alg", paramLabel = "ALG", converter = Converters.AlgorithmConverter.class,
            description = "The algorithm, when the key does not tell (RSA: RS256 or PS256).")
    Algorithm algorithm;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        byte[] document = FileArguments.read(file);
        byte[] signature = FileArguments.read(signatureFile);
        Algorithm alg;
        PublicKey key;
        if (publicKeyFile != null) {
            byte[] spki = Pem.derOrPem(FileArguments.read(publicKeyFile), "PUBLIC KEY", publicKeyFile);
            Set<Algorithm> c = DeviceKeys.candidates(spki);
            alg = pick(c);
            key = DeviceKeys.publicKey(spki);
        } else {
            byte[] secret = secret(secretOption);
            DeviceKey k;
            try (AuthorizedSequence seq = client().authorize(secret)) {
                k = seq.describeKey(id);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            alg = algorithm != null ? algorithm : k.algorithm();
            key = k.publicKey();
        }
        boolean ok = DeviceSignatures.verifyDocument(alg, key, document, signature);
        print(ok ? "signature valid (" + alg.displayName() + ")" : "signature INVALID (" + alg.displayName() + ")",
                map("valid", ok, "algorithm", alg.displayName(), "identifier", id.base64Url()));
        return ok ? ExitCodes.OK : ExitCodes.INVALID_SIGNATURE;
    }

    private Algorithm pick(Set<Algorithm> candidates) throws UserException {
        if (algorithm != null) {
            if (!candidates.contains(algorithm)) {
                throw new UserException(ExitCodes.USAGE, "the public key is not a " + algorithm.displayName() + " key");
            }
            return algorithm;
        }
        Set<Algorithm> sigs = candidates.stream().filter(Algorithm::isSignature)
                .collect(java.util.stream.Collectors.toSet());
        if (sigs.size() != 1) {
            throw new UserException(ExitCodes.USAGE, sigs.isEmpty() ? "the public key is not a signature key"
                    : "an RSA key does not say whether it is RS256 or PS256: add --alg");
        }
        return sigs.iterator().next();
    }
}
