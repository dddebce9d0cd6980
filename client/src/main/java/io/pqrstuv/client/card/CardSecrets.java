package io.pqrstuv.client.card;

import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import java.util.Arrays;

/**
 * Reads and writes the {@link CardSecretRecord} in a card's user data (slot 0), over the secure
 * channel, with the PIN verified first. Refuses to overwrite user data that is not a PQRSTUV record.
 */
public final class CardSecrets {
    private CardSecrets() {
    }

    /** The record on the card ({@link CardSecretRecord#empty()} when the user data is empty). The PIN must be verified. */
    public static CardSecretRecord read(CryptnoxCard card) throws CryptnoxException {
        byte[] data = card.readUserData(0);
        try {
            if (data.length == 0) {
                return CardSecretRecord.empty();
            }
            if (!CardSecretRecord.isRecord(data)) {
                throw new CardStateException("the card's user data holds something else than a PQRSTUV secret "
                        + "(" + data.length + " bytes); clear it first: pqrstuv card user-data write 0 …");
            }
            try {
                return CardSecretRecord.parse(data);
            } catch (IllegalArgumentException e) {
                throw new CardStateException(e.getMessage());
            }
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** Writes {@code record} (PIN verified), then reads it back to be sure the card holds it. */
    public static void write(CryptnoxCard card, CardSecretRecord record) throws CryptnoxException {
        byte[] data = record.encode();
        byte[] back = null;
        try {
            card.writeUserData(0, data);
            back = card.readUserData(0);
            if (!java.security.MessageDigest.isEqual(data, back)) {
                throw new CardStateException("the card did not keep the PQRSTUV secret record written to it");
            }
        } finally {
            Arrays.fill(data, (byte) 0);
            if (back != null) {
                Arrays.fill(back, (byte) 0);
            }
        }
    }

    /** Verifies {@code pin}, then returns a copy of the current secret (the caller wipes it). */
    public static byte[] currentSecret(CryptnoxCard card, char[] pin) throws CryptnoxException {
        card.verifyPin(pin);
        CardSecretRecord r = read(card);
        try {
            if (!r.hasCurrent()) {
                throw new CardStateException("the card holds no PQRSTUV secret: set one with pqrstuv set-secret --card");
            }
            return r.currentSecret();
        } finally {
            r.wipe();
        }
    }
}
