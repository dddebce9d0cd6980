package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.PublicKeyAttestation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sign-public", mixinStandardHelpOptions = true,
        description = {"Have the card attest its current public key: its static key (the one in its manufacturer "
                + "certificate) signs the key (ECDSA P-256, SHA-256 of the 65-byte point), so anyone with the card's "
                + "certificate can check the key lives on this card. Checked here before it is printed. Needs a card "
                + "with firmware 2.0."},
        footer = {"%nExamples:", "  pqrstuv card sign-public", "  pqrstuv card sign-public --curve r1 --json",
            CardBase.FOOTER})
final class SignPublicCommand extends CardBase {
    @Mixin
    KeyOptions key;

    @Override
    int run() throws Exception {
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            pin = code(key.pinFile, "Card PIN", false);
            card.verifyPin(pin);
            PublicKeyAttestation a = card.signPublic(key.curve);
            print("public key " + hex(a.key().compressed()) + "\nsigned by card " + a.cardSerial()
                    + " (verified with its certificate key)\nsignature " + hex(a.signature()),
                    map("curve", key.curve.name().toLowerCase(), "public_key", hex(a.key().compressed()),
                            "public_key_uncompressed", hex(a.key().uncompressed()), "signature", hex(a.signature()),
                            "card_serial_number", a.cardSerial().toString(),
                            "card_certificate", hex(card.manufacturerCertificate().der()), "verified", true));
        } finally {
            wipe(pin);
        }
        return ExitCodes.OK;
    }
}
