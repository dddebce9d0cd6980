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
import picocli.CommandLine.Parameters;

@Command(name = "set-secret", mixinStandardHelpOptions = true,
        description = {"Change the device secret (POST /set_secret, then /confirm_secret): the new secret travels "
                + "under AES-256-GCM with the key carried by ML-KEM or RSA-OAEP (D-13).",
            "A new or reset device has the empty secret: just press Enter at the current-secret prompt."},
        footer = {"%nThe new secret is asked first (twice), then the current one, so the current secret is held only "
                + "while the device works.",
            "%nExamples:", "  pqrstuv set-secret", "  pqrstuv set-secret ML-KEM-1024", "  pqrstuv set-secret --alg RSA-OAEP-256",
            "  pqrstuv set-secret ML-KEM-768 --card",
            "  pqrstuv set-secret --secret-file old.txt --new-secret-file new.txt", ExitCodes.HELP_FOOTER})
public final class SetSecretCommand extends ClientCommand {
    static final Algorithm DEFAULT_ALGORITHM = Algorithm.ML_KEM_768;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ALG", converter = Converters.AlgorithmConverter.class,
            description = "KEM/encryption algorithm carrying the new secret (default: ML-KEM-768); the same as --alg.")
    Algorithm positionalAlgorithm;

    @Option(names = "--alg", paramLabel = "ALG", converter = Converters.AlgorithmConverter.class,
            description = "KEM/encryption algorithm carrying the new secret (default: ML-KEM-768).")
    Algorithm optionAlgorithm;

    /** Set by {@link #run()}: the positional ALG or --alg (they must agree when both are given). */
    Algorithm algorithm;

    @Option(names = "--new-secret-file", paramLabel = "FILE",
            description = "Read the new secret from FILE (- = stdin) instead of prompting.")
    String newSecretFile;

    @Mixin
    SecretOption secretOption;

    @Option(names = "--card", description = "Make a random 64-byte secret and keep it on the Cryptnox card (written to "
            + "the card first, then set on the device; the card keeps the old one until the device confirms). "
            + "Later commands read it with --secret-card.")
    boolean card;

    @Override
    int run() throws Exception {
        algorithm = chosenAlgorithm(positionalAlgorithm, optionAlgorithm);
        PqrstuvClient client = client();
        if (!algorithm.isKem()) {
            throw new UserException(ExitCodes.USAGE, algorithm.displayName() + " is not a KEM/encryption algorithm: use "
                    + "ML-KEM-512/768/1024 or RSA-OAEP-256/512");
        }
        if (card) {
            return onCard(client);
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

    /** The README and issue 12 write {@code set-secret ALG}; older scripts use {@code --alg ALG}: both work. */
    static Algorithm chosenAlgorithm(Algorithm positional, Algorithm option) throws UserException {
        if (positional != null && option != null && positional != option) {
            throw new UserException(ExitCodes.USAGE, "ALG " + positional.displayName() + " and --alg "
                    + option.displayName() + " differ: give the algorithm once");
        }
        return positional != null ? positional : option != null ? option : DEFAULT_ALGORITHM;
    }

    private int onCard(PqrstuvClient client) throws Exception {
        if (newSecretFile != null || secretOption.secretCard) {
            throw new UserException(ExitCodes.USAGE, "--card makes the new secret itself and reads the current one from "
                    + "the card: drop --new-secret-file and --secret-card");
        }
        io.pqrstuv.cli.card.CardSetSecret.Outcome o;
        try {
            o = io.pqrstuv.cli.card.CardSetSecret.run(client, algorithm, secretOption.reader, secretOption.cardPinFile,
                    () -> SecretInput.read(secretFile(secretOption), terminal, stdin,
                            "Current device secret (the card holds none yet): "),
                    terminal, stdin, new java.security.SecureRandom());
        } catch (io.pqrstuv.cli.card.CardSetSecret.DeviceRefused e) {
            int code = switch (e.deviceException()) {
                case io.pqrstuv.client.error.IncorrectSecretException x -> ExitCodes.AUTHENTICATION;
                case io.pqrstuv.client.error.RateLimitedException x -> ExitCodes.AUTHENTICATION;
                case io.pqrstuv.client.error.DeviceException x -> ExitCodes.DEVICE_REFUSED;
                case io.pqrstuv.client.error.TransportException x -> ExitCodes.UNREACHABLE;
                default -> ExitCodes.PROTOCOL;
            };
            throw new UserException(code, e.explanation());
        }
        print("secret changed: a new 64-byte secret is on the card (serial " + o.serialNumber() + ") and on the device",
                map("secret_changed", true, "transport", algorithm.displayName(), "card_serial_number", o.serialNumber(),
                        "first_card_secret", o.firstCardSecret()));
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
