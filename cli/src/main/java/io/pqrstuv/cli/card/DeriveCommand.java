package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "derive", mixinStandardHelpOptions = true,
        description = {"Make the key at PATH the card's current key (for sign and public-key without a path).",
            "PATH: m/44'/60'/0'/0/0 from the master key, ./0/1 from the current key, ../1 from its parent; "
                    + "at most 8 levels; ' or h marks a hardened level."},
        footer = CardBase.FOOTER)
final class DeriveCommand extends CardBase {
    @Parameters(index = "0", paramLabel = "PATH", description = "The derivation path.")
    String path;

    @Mixin
    KeyOptions key;

    @Override
    int run() throws Exception {
        DerivationPath p = DerivationPath.parse(path);
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            pin = code(key.pinFile, "Card PIN", false);
            card.verifyPin(pin);
            card.derive(key.curve, p);
            CardPublicKey k = card.publicKey(key.curve);
            print("current " + key.curve.name().toLowerCase() + " key: " + p + "\npublic key: " + hex(k.compressed()),
                    map("curve", key.curve.name().toLowerCase(), "path", p.toString(), "public_key", hex(k.compressed()),
                            "public_key_uncompressed", hex(k.uncompressed())));
        } finally {
            wipe(pin);
        }
        return ExitCodes.OK;
    }
}
