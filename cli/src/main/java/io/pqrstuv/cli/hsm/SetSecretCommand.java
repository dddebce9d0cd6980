package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "set-secret", mixinStandardHelpOptions = true,
        description = {"Change the device secret (POST /set_secret, then /confirm_secret): the new secret travels "
                + "under AES-256-GCM with the key carried by ML-KEM or RSA-OAEP (D-13).",
            "A new or reset device has the empty secret: just press Enter at the current-secret prompt."},
        footer = {"%nThe new secret is asked first (twice), then the current one, so the current secret is held only "
                + "while the device works.",
            "%nExamples:", "  pqrstuv set-secret", "  pqrstuv set-secret --alg RSA-OAEP-256",
            "  pqrstuv set-secret --secret-file old.txt --new-secret-file new.txt", ExitCodes.HELP_FOOTER})
public final class SetSecretCommand extends ClientCommand {
    @Option(names = "--alg", paramLabel = "ALG", defaultValue = "ML-KEM-768", converter = Converters.AlgorithmConverter.class,
            description = "KEM/encryption algorithm carrying the new secret (default: ${DEFAULT-VALUE}).")
    Algorithm algorithm;

    @Option(names = "--new-secret-file", paramLabel = "FILE",
            description = "Read the new secret from FILE (- = stdin) instead of prompting.")
    String newSecretFile;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        if (!algorithm.isKem()) {
            throw new UserException(ExitCodes.USAGE, algorithm.displayName() + " is not a KEM/encryption algorithm: use "
                    + "ML-KEM-512/768/1024 or RSA-OAEP-256/512");
        }
        if ("-".equals(newSecretFile) && "-".equals(secretFile(secretOption))) {
            throw new UserException(ExitCodes.USAGE, "only one of the secrets can come from stdin");
        }
        byte[] next = newSecret();
        byte[] current = null;
        try {
            current = secret(secretOption);
            try (AuthorizedSequence seq = client.authorize(current)) {
                seq.setSecret(algorithm, next);
            }
        } finally {
            Arrays.fill(next, (byte) 0);
            if (current != null) {
                Arrays.fill(current, (byte) 0);
            }
        }
        print("secret changed", map("secret_changed", true, "transport", algorithm.displayName()));
        return ExitCodes.OK;
    }

    private byte[] newSecret() throws UserException {
        if (newSecretFile != null) {
            return checked(SecretInput.fromFile(newSecretFile, stdin));
        }
        byte[] a = SecretInput.read(null, terminal, stdin, "New secret: ");
        byte[] b = null;
        try {
            b = SecretInput.read(null, terminal, stdin, "New secret again: ");
            if (!Arrays.equals(a, b)) {
                Arrays.fill(a, (byte) 0);
                throw new UserException(ExitCodes.USAGE, "the two entries differ");
            }
            return checked(a);
        } finally {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    private static byte[] checked(byte[] s) throws UserException {
        if (s.length > 1023) {
            Arrays.fill(s, (byte) 0);
            throw new UserException(ExitCodes.USAGE, "the secret must be shorter than 1024 bytes");
        }
        return s;
    }
}
