package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "settings", mixinStandardHelpOptions = true,
        description = {"Change a PUK-protected setting: clear-read (anyone may read the current public key without "
                + "PIN or secure channel, as a payment terminal does; 'card public-key --clear') or xpub-export (the "
                + "extended public key of keys at depth 3 or more; 'card public-key --extended')."},
        footer = {"%nExamples:", "  pqrstuv card settings clear-read on", "  pqrstuv card settings xpub-export off",
            CardBase.FOOTER})
final class SettingsCommand extends CardBase {
    @Parameters(index = "0", paramLabel = "SETTING", description = "clear-read or xpub-export.")
    String setting;

    @Parameters(index = "1", paramLabel = "on|off")
    String value;

    @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the PUK from FILE (- = stdin).")
    String pukFile;

    @Override
    int run() throws Exception {
        boolean on = switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes", "enable" -> true;
            case "off", "false", "no", "disable" -> false;
            default -> throw new IllegalArgumentException("say on or off, not '" + value + "'");
        };
        if (!setting.equals("clear-read") && !setting.equals("xpub-export")) {
            throw new IllegalArgumentException("unknown setting '" + setting + "': clear-read or xpub-export");
        }
        char[] puk = null;
        try (CryptnoxCard card = open()) {
            puk = code(pukFile, "PUK", false);
            if (setting.equals("clear-read")) {
                card.setClearPublicKeyRead(on, puk);
            } else {
                card.setExtendedPublicKeyExport(on, puk);
            }
            print(setting + " " + (on ? "on" : "off"), map("setting", setting, "enabled", on));
        } finally {
            wipe(puk);
        }
        return ExitCodes.OK;
    }
}
