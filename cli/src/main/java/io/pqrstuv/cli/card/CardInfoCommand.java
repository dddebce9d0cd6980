package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CardInfo;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.SelectResponse;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show the card: type, applet version, serial number, state flags; for an initialised card also "
                + "the owner, the seed source, the signature counter and the PIN tries left (no PIN needed)."},
        footer = CardBase.FOOTER)
final class CardInfoCommand extends CardBase {
    @Override
    int run() throws Exception {
        try (CryptnoxCard card = open()) {
            SelectResponse s = card.status();
            Map<String, Object> m = map("type", card.type().displayName(), "applet_version", card.appletVersion().toString(),
                    "serial_number", card.serialNumber().toString(), "initialized", s.initialized(),
                    "seed", s.seedLoaded(), "pin_authentication", s.pinAuthentication(),
                    "pinless_path", s.pinlessPathSet(), "xpub_export", s.extendedPublicKeyExport(),
                    "clear_pubkey_read", s.clearPublicKeyRead(), "custom_bytes", hex(s.customBytes()),
                    "reader", card.description());
            StringBuilder h = new StringBuilder();
            h.append("card:           Cryptnox ").append(card.type().displayName()).append(", applet ")
                    .append(card.appletVersion()).append('\n');
            h.append("serial number:  ").append(card.serialNumber()).append('\n');
            h.append("initialised:    ").append(s.initialized() ? "yes" : "no (run: pqrstuv card init)").append('\n');
            if (s.initialized()) {
                CardInfo i = card.info();
                int tries = card.remainingPinTries();
                m.put("name", i.name());
                m.put("email", i.email());
                m.put("seed_source", i.seedSource().name());
                m.put("signing_counter", i.signingCounter());
                m.put("pin_tries_left", tries);
                h.append("owner:          ").append(i.name().isEmpty() ? "-" : i.name())
                        .append(i.email().isEmpty() ? "" : " <" + i.email() + ">").append('\n');
                h.append("seed:           ").append(i.seedSource().description()).append('\n');
                h.append("signatures:     ").append(i.signingCounter()).append('\n');
                h.append("PIN tries left: ").append(tries).append('\n');
            }
            h.append("settings:       PIN auth ").append(onOff(s.pinAuthentication())).append(", PIN-less path ")
                    .append(onOff(s.pinlessPathSet())).append(", xpub export ").append(onOff(s.extendedPublicKeyExport()))
                    .append(", clear pubkey read ").append(onOff(s.clearPublicKeyRead())).append('\n');
            h.append("where:          ").append(card.description());
            print(h.toString(), m);
        }
        return ExitCodes.OK;
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
