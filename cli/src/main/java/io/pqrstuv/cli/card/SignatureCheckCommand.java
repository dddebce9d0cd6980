package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.NftSignatureCheck;
import io.pqrstuv.cryptnox.derivation.KeyType;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "signature-check", mixinStandardHelpOptions = true,
        description = {"NFT cards: the card signs a nonce with its current secp256k1 key, which proves it holds "
                + "the NFT's key. With --key the signature is checked against that key (no PIN needed); without, the "
                + "message and signature are printed for whoever knows the key."},
        footer = {"%nExamples:", "  pqrstuv card signature-check --key 03ab…", "  pqrstuv card signature-check --nonce 00112233445566778899aabbccddeeff --json",
            CardBase.FOOTER})
final class SignatureCheckCommand extends CardBase {
    @Option(names = "--nonce", paramLabel = "HEX", description = "16 bytes (default: random).")
    String nonce;

    @Option(names = "--key", paramLabel = "HEX", description = "The NFT's secp256k1 public key (compressed or not) to check against.")
    String key;

    @Override
    int run() throws Exception {
        byte[] n = nonce == null ? null : hexBytes(nonce.getBytes(StandardCharsets.US_ASCII), "nonce");
        if (n != null && n.length != 16) {
            throw new UserException(ExitCodes.USAGE, "the nonce has 16 bytes, not " + n.length);
        }
        CardPublicKey expected = null;
        if (key != null) {
            try {
                expected = new CardPublicKey(KeyType.K1, KeyType.K1.curve().getCurve()
                        .decodePoint(hexBytes(key.getBytes(StandardCharsets.US_ASCII), "key")).getEncoded(false));
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, "--key is not a secp256k1 public key");
            }
        }
        try (CryptnoxCard card = open()) {
            NftSignatureCheck c = n == null ? card.signatureCheck() : card.signatureCheck(n);
            Boolean verified = expected == null ? null : c.verify(expected);
            if (Boolean.FALSE.equals(verified)) {
                throw new UserException(ExitCodes.PROTOCOL, "the card's signature does not verify with --key: it does "
                        + "not hold that key");
            }
            print((verified == null ? "" : "verified: the card holds the key\n") + "message " + hex(c.message())
                    + "\nsignature " + hex(c.signature()),
                    map("nonce", hex(c.nonce()), "message", hex(c.message()), "signature", hex(c.signature()),
                            "verified", verified));
        }
        return ExitCodes.OK;
    }
}
