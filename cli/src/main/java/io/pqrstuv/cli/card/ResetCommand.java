package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Factory-reset the card with the PUK: owner, PIN, PUK, seed and user data are erased for good."},
        footer = CardBase.FOOTER)
final class ResetCommand extends CardBase {
    @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the PUK from FILE (- = stdin).")
    String pukFile;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run() throws Exception {
        char[] puk = null;
        try (CryptnoxCard card = open()) {
            if (!card.initialized()) {
                print("the card is blank already", map("reset", false, "initialized", false));
                return ExitCodes.OK;
            }
            confirm(yes, "This erases the card's seed, keys and data for good (serial " + card.serialNumber() + ").");
            puk = code(pukFile, "PUK", false);
            card.reset(puk);
            print("card reset: it is blank", map("reset", true, "initialized", card.initialized()));
        } finally {
            wipe(puk);
        }
        return ExitCodes.OK;
    }
}
