package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import io.pqrstuv.cryptnox.derivation.ExtendedPublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "public-key", mixinStandardHelpOptions = true,
        description = {"Print the public key of the current key, or of the key at PATH (derived on the fly: the "
                + "current key does not change). --extended prints the current key's xpub (the card allows it "
                + "at depth 3 or more once its owner enabled the export)."},
        footer = CardBase.FOOTER)
final class CardPublicKeyCommand extends CardBase {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Derivation path (default: the current key).")
    String path;

    @Option(names = "--extended", description = "Print the BIP32 extended public key of the current key.")
    boolean extended;

    @Option(names = "--clear", description = "Read the current key in clear: no PIN, no secure channel (the card's "
            + "owner must have enabled it: 'card settings clear-read on').")
    boolean clear;

    @Mixin
    KeyOptions key;

    @Override
    int run() throws Exception {
        DerivationPath p = path == null ? null : DerivationPath.parse(path);
        if (extended && p != null) {
            throw new IllegalArgumentException("--extended reads the current key: derive PATH first");
        }
        if (clear && (extended || p != null)) {
            throw new IllegalArgumentException("--clear reads the current key only");
        }
        if (clear) {
            try (CryptnoxCard card = open()) {
                CardPublicKey k = card.publicKeyClear(key.curve);
                print(hex(k.compressed()), map("curve", key.curve.name().toLowerCase(), "public_key", hex(k.compressed()),
                        "public_key_uncompressed", hex(k.uncompressed()), "clear", true));
            }
            return ExitCodes.OK;
        }
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            pin = code(key.pinFile, "Card PIN", false);
            card.verifyPin(pin);
            if (extended) {
                ExtendedPublicKey x = card.extendedPublicKey(key.curve);
                print(x.toBase58(), map("curve", key.curve.name().toLowerCase(), "xpub", x.toBase58(), "depth", x.depth(),
                        "public_key", hex(x.publicKey())));
                return ExitCodes.OK;
            }
            CardPublicKey k = p == null ? card.publicKey(key.curve) : card.publicKey(key.curve, p);
            DerivationPath shown = p != null ? p : card.currentPath(key.curve);
            print(hex(k.compressed()), map("curve", key.curve.name().toLowerCase(), "path", shown.toString(),
                    "public_key", hex(k.compressed()), "public_key_uncompressed", hex(k.uncompressed())));
        } finally {
            wipe(pin);
        }
        return ExitCodes.OK;
    }
}
