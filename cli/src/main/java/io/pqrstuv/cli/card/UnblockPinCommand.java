package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unblock-pin", mixinStandardHelpOptions = true,
        description = "Unblock a blocked PIN with the PUK and set a new PIN.", footer = CardBase.FOOTER)
final class UnblockPinCommand extends CardBase {
    @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the PUK from FILE (- = stdin).")
    String pukFile;

    @Option(names = "--new-pin-file", paramLabel = "FILE", description = "Read the new PIN from FILE (- = stdin).")
    String newPinFile;

    @Override
    int run() throws Exception {
        oneStdin(pukFile, newPinFile, pairingSecretFile);
        char[] puk = null;
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            puk = code(pukFile, "PUK", false);
            pin = code(newPinFile, "New PIN (4-9 digits)", true);
            card.unblockPin(puk, pin);
            print("PIN unblocked and replaced", map("pin_unblocked", true));
        } finally {
            wipe(puk, pin);
        }
        return ExitCodes.OK;
    }
}
