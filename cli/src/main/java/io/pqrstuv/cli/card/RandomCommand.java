package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "random", mixinStandardHelpOptions = true,
        description = "Print N random bytes (16 to 64, a multiple of 4) from the card's generator, as hex.",
        footer = CardBase.FOOTER)
final class RandomCommand extends CardBase {
    @Parameters(index = "0", paramLabel = "N", description = "How many bytes.")
    int n;

    @Override
    int run() throws Exception {
        if (n < 16 || n > 64 || n % 4 != 0) {
            throw new IllegalArgumentException("the card makes 16 to 64 random bytes, a multiple of 4; not " + n);
        }
        try (CryptnoxCard card = open()) {
            byte[] r = card.randomBytes(n);
            print(hex(r), map("bytes", n, "random", hex(r)));
        }
        return ExitCodes.OK;
    }
}
