package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Opens a Cryptnox card on a connection: SELECT, the manufacturer certificate, the signed session
 * key (checked against the certificate's key), and a typed {@link CryptnoxCard}. The equivalent of
 * the Python library's {@code factory.get_card}.
 */
public final class CardFactory {
    /** The pairing secret every card accepts unless its owner chose another at INIT. */
    public static byte[] commonPairingSecret() {
        return "Cryptnox Basic CommonPairingData".getBytes(StandardCharsets.US_ASCII);
    }

    private CardFactory() {
    }

    /** With the common pairing secret. The card owns the connection from here on (closing it closes both). */
    public static CryptnoxCard open(CardConnection connection) throws CryptnoxException {
        byte[] pairing = commonPairingSecret();
        try {
            return open(connection, pairing, new SecureRandom());
        } finally {
            java.util.Arrays.fill(pairing, (byte) 0);
        }
    }

    /** With the card's own 32-byte pairing secret (copied; the caller wipes its array). */
    public static CryptnoxCard open(CardConnection connection, byte[] pairingSecret, SecureRandom random)
            throws CryptnoxException {
        if (pairingSecret.length != 32) {
            throw new IllegalArgumentException("a pairing secret has 32 bytes, not " + pairingSecret.length);
        }
        CryptnoxCard card = new CryptnoxCard(connection, pairingSecret.clone(), random);
        try {
            card.select();
        } catch (CryptnoxException | RuntimeException e) {
            card.close();
            throw e;
        }
        return card;
    }
}
