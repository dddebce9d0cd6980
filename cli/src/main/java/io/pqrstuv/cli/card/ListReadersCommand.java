package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "list-readers", mixinStandardHelpOptions = true,
        description = "List the PC/SC readers, with the number --reader takes and whether a card is present.",
        footer = CardBase.FOOTER)
final class ListReadersCommand extends CardBase {
    @Override
    int run() throws Exception {
        List<String> names = PcscConnection.readerNames();
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder human = new StringBuilder();
        int index = 0;
        for (String name : names) {
            boolean yubico = name.startsWith("Yubico");
            boolean present = PcscConnection.cardPresent(name);
            Integer number = yubico ? null : index++;
            rows.add(map("number", number, "name", name, "card_present", present));
            human.append(number == null ? " -" : String.format("%2d", number)).append("  ").append(name)
                    .append(present ? "  (card present)" : "  (empty)").append(yubico ? "  (skipped by --reader N)" : "")
                    .append('\n');
        }
        if (names.isEmpty()) {
            human.append("no readers");
        }
        print(human.toString().stripTrailing(), rows);
        return ExitCodes.OK;
    }
}
