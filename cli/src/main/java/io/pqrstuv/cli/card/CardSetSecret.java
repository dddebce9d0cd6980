package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.card.CardSecretRecord;
import io.pqrstuv.client.card.CardSecrets;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * {@code pqrstuv set-secret ALG --card}: a random 64-byte secret, written to the card first (as the
 * pending slot of its PQRSTUV record, over the secure channel, PIN verified), then set on the device,
 * then marked current on the card. Success is reported only when both hold. If the device refuses,
 * the card still has the old secret as current (the new one stays pending, unused, until the next
 * success overwrites it).
 */
public final class CardSetSecret {
    /** Where the device's current secret comes from when the card holds none yet (a prompt or a file). */
    @FunctionalInterface
    public interface CurrentSecret {
        byte[] get() throws UserException;
    }

    /** What happened, for the command's output. */
    public record Outcome(boolean firstCardSecret, String serialNumber) {
    }

    private CardSetSecret() {
    }

    public static Outcome run(PqrstuvClient client, Algorithm algorithm, String reader, String pinFile,
            CurrentSecret fallback, Terminal terminal, InputStream stdin, SecureRandom random) throws Exception {
        char[] pin = null;
        byte[] current = null;
        byte[] next = new byte[CardSecretRecord.SECRET_BYTES];
        CardSecretRecord record = null;
        CardSecretRecord pending = null;
        CardSecretRecord confirmed = null;
        try (CryptnoxCard card = CardFactory.open(CardSecretInput.connect(reader))) {
            pin = CardSecretInput.pin(pinFile, terminal, stdin);
            card.verifyPin(pin);
            record = CardSecrets.read(card);
            boolean first = !record.hasCurrent();
            current = first ? fallback.get() : record.currentSecret();
            random.nextBytes(next);
            pending = record.withPending(next);
            CardSecrets.write(card, pending);           // the card first
            try (AuthorizedSequence seq = client.authorize(current)) {
                seq.setSecret(algorithm, next);
            } catch (PqrstuvException | java.security.InvalidKeyException e) {
                throw new DeviceRefused(e, first);
            }
            confirmed = pending.confirmPending();
            try {
                CardSecrets.write(card, confirmed);
            } catch (CryptnoxException e) {
                throw new UserException(ExitCodes.DEVICE_REFUSED, "the device took the new secret, but the card could "
                        + "not mark it current (" + e.getMessage() + "): the new secret is kept in the card's pending slot "
                        + "(when sure, make it current with: pqrstuv card device-secret promote-pending)");
            }
            return new Outcome(first, card.serialNumber().toString());
        } catch (CryptnoxException e) {
            throw CardSecretInput.asUserError(e);
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
            if (current != null) {
                Arrays.fill(current, (byte) 0);
            }
            Arrays.fill(next, (byte) 0);
            for (CardSecretRecord r : new CardSecretRecord[] {record, pending, confirmed}) {
                if (r != null) {
                    r.wipe();
                }
            }
        }
    }

    /** The device refused: the card keeps its old current secret. */
    public static final class DeviceRefused extends Exception {
        private final boolean first;

        DeviceRefused(Exception cause, boolean first) {
            super(cause.getMessage(), cause);
            this.first = first;
        }

        /** The device's own exception, for the exit code. */
        public Exception deviceException() {
            return (Exception) getCause();
        }

        public String explanation() {
            return "the device refused the new secret (" + getMessage() + "); "
                    + (first ? "the card holds no current secret yet" : "the card keeps the old secret as current");
        }
    }
}
