package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "change-pin", mixinStandardHelpOptions = true,
        description = "Change the PIN: the current PIN, then the new one twice.", footer = CardBase.FOOTER)
final class ChangePinCommand extends CardBase {
    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the current PIN from FILE (- = stdin).")
    String pinFile;

    @Option(names = "--new-pin-file", paramLabel = "FILE", description = "Read the new PIN from FILE (- = stdin).")
    String newPinFile;

    @Override
    int run() throws Exception {
        oneStdin(pinFile, newPinFile, pairingSecretFile);
        char[] pin = null;
        char[] next = null;
        try (CryptnoxCard card = open()) {
            pin = code(pinFile, "Current PIN", false);
            card.verifyPin(pin);
            next = code(newPinFile, "New PIN (4-9 digits)", true);
            card.changePin(next);
            print("PIN changed", map("pin_changed", true));
        } finally {
            wipe(pin, next);
        }
        return ExitCodes.OK;
    }
}
