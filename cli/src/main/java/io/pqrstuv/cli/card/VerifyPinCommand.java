package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify-pin", mixinStandardHelpOptions = true,
        description = "Check the PIN on the card (a wrong one uses a try: the answer says how many are left).",
        footer = CardBase.FOOTER)
final class VerifyPinCommand extends CardBase {
    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
    String pinFile;

    @Override
    int run() throws Exception {
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            pin = code(pinFile, "Card PIN", false);
            card.verifyPin(pin);
            print("PIN correct", map("pin_verified", true));
        } finally {
            wipe(pin);
        }
        return ExitCodes.OK;
    }
}
