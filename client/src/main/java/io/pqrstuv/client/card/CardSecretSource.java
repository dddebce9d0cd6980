package io.pqrstuv.client.card;

import io.pqrstuv.client.jca.SecretSource;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.io.IOException;
import java.util.Arrays;

/**
 * A {@link SecretSource} that reads the device secret from a Cryptnox card for each operation: it
 * opens the card, asks {@code pins} for the PIN, verifies it over the secure channel, reads the
 * current secret from the card's user data and closes the card (which resets it). The provider
 * wipes the returned array after the operation; the PIN is wiped here. A wrong PIN fails before any
 * device call, with the tries left in the message.
 *
 * <pre>{@code
 * SecretSource s = CardSecretSource.of(() -> PcscConnection.openReader("0"), () -> console.readPassword("Card PIN: "));
 * Security.addProvider(new PqrstuvProvider(client, s));
 * }</pre>
 */
public final class CardSecretSource implements SecretSource {
    /** Opens the link to the card, anew for each operation. */
    @FunctionalInterface
    public interface Opener {
        CardConnection open() throws CryptnoxException;
    }

    /** Supplies the PIN; the array is wiped after use. */
    @FunctionalInterface
    public interface PinSupplier {
        char[] pin() throws IOException;
    }

    private final Opener opener;
    private final PinSupplier pins;

    private CardSecretSource(Opener opener, PinSupplier pins) {
        this.opener = opener;
        this.pins = pins;
    }

    public static CardSecretSource of(Opener opener, PinSupplier pins) {
        return new CardSecretSource(opener, pins);
    }

    @Override
    public byte[] secret() throws IOException {
        char[] pin = null;
        try (CryptnoxCard card = CardFactory.open(opener.open())) {
            pin = pins.pin();
            if (pin == null) {
                throw new IOException("no card PIN given");
            }
            return CardSecrets.currentSecret(card, pin);
        } catch (CryptnoxException e) {
            throw new CardSecretException(e);
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** The card could not give the secret; {@link #getCause()} is the typed card exception. */
    public static final class CardSecretException extends IOException {
        CardSecretException(CryptnoxException cause) {
            super("card: " + cause.getMessage(), cause);
        }

        public CryptnoxException cardException() {
            return (CryptnoxException) getCause();
        }
    }
}
