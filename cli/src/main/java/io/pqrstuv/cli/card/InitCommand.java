package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Initialise a blank card: owner name and email, PIN (4-9 digits) and PUK (12 characters), "
                + "each asked twice without echo, and the pairing secret (default: the common one).",
            "A card is initialised once; only RESET (with the PUK) makes it blank again."},
        footer = CardBase.FOOTER)
final class InitCommand extends CardBase {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = "", description = "Owner name (at most 20 ASCII characters).")
    String name;

    @Option(names = "--email", paramLabel = "EMAIL", defaultValue = "", description = "Owner email (at most 60 ASCII characters).")
    String email;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the new PIN from FILE (- = stdin).")
    String pinFile;

    @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the new PUK from FILE (- = stdin).")
    String pukFile;

    @Option(names = "--new-pairing-secret-file", paramLabel = "FILE",
            description = "Pair the card with this 32-byte secret (raw or hex) instead of the common one; keep it: "
                    + "every later command needs it in --pairing-secret-file.")
    String newPairingFile;

    @Override
    int run() throws Exception {
        oneStdin(pinFile, pukFile, newPairingFile, pairingSecretFile);
        byte[] newPairing = newPairingFile == null ? null
                : thirtyTwoBytes(io.pqrstuv.cli.console.SecretInput.fromFile(newPairingFile, stdin), "pairing secret");
        char[] pin = null;
        char[] puk = null;
        try (CryptnoxCard card = open()) {
            if (card.initialized()) {
                throw new io.pqrstuv.cli.console.UserException(ExitCodes.DEVICE_REFUSED,
                        "the card is already initialised (pqrstuv card reset makes it blank, with the PUK)");
            }
            pin = code(pinFile, "New PIN (4-9 digits)", true);
            puk = code(pukFile, "New PUK (12 characters)", true);
            card.init(name, email, pin, puk, newPairing);
            print("card initialised (serial " + card.serialNumber() + ")",
                    map("initialized", true, "serial_number", card.serialNumber().toString()));
        } finally {
            wipe(pin, puk);
            if (newPairing != null) {
                java.util.Arrays.fill(newPairing, (byte) 0);
            }
        }
        return ExitCodes.OK;
    }
}
