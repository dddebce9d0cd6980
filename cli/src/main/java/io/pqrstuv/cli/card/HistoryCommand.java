package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.HistoryEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the card's signature history (newest first): the signature counter and the hash signed.",
        footer = CardBase.FOOTER)
final class HistoryCommand extends CardBase {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
            description = "At most N entries (default: ${DEFAULT-VALUE}; the card keeps 149).")
    int limit;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
    String pinFile;

    @Override
    int run() throws Exception {
        if (limit < 1 || limit > CryptnoxCard.HISTORY_SIZE) {
            throw new IllegalArgumentException("--limit is 1 to " + CryptnoxCard.HISTORY_SIZE);
        }
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            pin = code(pinFile, "Card PIN", false);
            card.verifyPin(pin);
            List<Map<String, Object>> rows = new ArrayList<>();
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < limit; i++) {
                HistoryEntry e = card.history(i);
                if (e.empty()) {
                    break;
                }
                rows.add(map("index", i, "signing_counter", e.signingCounter(), "hash", hex(e.hash())));
                h.append(String.format("%3d  #%-6d %s%n", i, e.signingCounter(), hex(e.hash())));
            }
            print(rows.isEmpty() ? "no signatures yet" : h.toString().stripTrailing(), rows);
        } finally {
            wipe(pin);
        }
        return ExitCodes.OK;
    }
}
