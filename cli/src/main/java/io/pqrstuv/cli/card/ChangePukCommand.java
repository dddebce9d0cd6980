package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "change-puk", mixinStandardHelpOptions = true,
        description = "Change the PUK: the current PUK, then the new one twice.", footer = CardBase.FOOTER)
final class ChangePukCommand extends CardBase {
    @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the current PUK from FILE (- = stdin).")
    String pukFile;

    @Option(names = "--new-puk-file", paramLabel = "FILE", description = "Read the new PUK from FILE (- = stdin).")
    String newPukFile;

    @Override
    int run() throws Exception {
        oneStdin(pukFile, newPukFile, pairingSecretFile);
        char[] puk = null;
        char[] next = null;
        try (CryptnoxCard card = open()) {
            puk = code(pukFile, "Current PUK", false);
            next = code(newPukFile, "New PUK (12 characters)", true);
            card.changePuk(puk, next);
            print("PUK changed", map("puk_changed", true));
        } finally {
            wipe(puk, next);
        }
        return ExitCodes.OK;
    }
}
