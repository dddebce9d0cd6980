package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.card.CardSecrets;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CardStatusException;
import io.pqrstuv.cryptnox.error.CardTransportException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.error.PinException;
import io.pqrstuv.cryptnox.error.PukException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The device secret read from a Cryptnox card for one command ({@code --secret-card}): asks the card
 * PIN, verifies it over the secure channel, returns the current secret of the card's PQRSTUV record
 * and closes (resets) the card. A wrong PIN is one line with the tries left, before any device call.
 */
public final class CardSecretInput {
    /** {@code PQRSTUV_SECRET_SOURCE=card} makes every authenticated command read the secret from the card. */
    public static final String SOURCE_ENV = "PQRSTUV_SECRET_SOURCE";

    private CardSecretInput() {
    }

    /** True when {@code flag} is set or the environment asks for the card. */
    public static boolean wanted(boolean flag) {
        return flag || "card".equalsIgnoreCase(System.getenv(SOURCE_ENV));
    }

    /** The reader given, else {@code $PQRSTUV_CARD_READER}, else 0. */
    public static CardConnection connect(String reader) throws CryptnoxException {
        String r = reader != null ? reader : System.getenv(CardOptions.READER_ENV);
        return PcscConnection.openReader(r == null || r.isBlank() ? "0" : r.strip());
    }

    /** The current secret on the card; the caller wipes it. */
    public static byte[] read(String reader, String pinFile, Terminal terminal, InputStream stdin) throws UserException {
        char[] pin = null;
        try (CryptnoxCard card = CardFactory.open(connect(reader))) {
            pin = pin(pinFile, terminal, stdin);
            return CardSecrets.currentSecret(card, pin);
        } catch (CryptnoxException e) {
            throw asUserError(e);
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** The card PIN from {@code file} or a no-echo prompt. */
    public static char[] pin(String file, Terminal terminal, InputStream stdin) throws UserException {
        if (file == null && (terminal == null || !terminal.interactive())) {
            throw new UserException(ExitCodes.USAGE, "no terminal to ask for the card PIN: use --card-pin-file FILE (- for stdin)");
        }
        byte[] b = file != null ? SecretInput.fromFile(file, stdin) : SecretInput.read(null, terminal, stdin, "Card PIN: ");
        try {
            char[] c = new char[b.length];
            for (int i = 0; i < b.length; i++) {
                c[i] = (char) (b[i] & 0xFF);
            }
            return c;
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** One line, "card: …", with the exit code of the card failure. */
    public static UserException asUserError(CryptnoxException e) {
        int code = switch (e) {
            case PinException p -> ExitCodes.AUTHENTICATION;
            case PukException p -> ExitCodes.AUTHENTICATION;
            case CardTransportException t -> ExitCodes.UNREACHABLE;
            case CardStatusException s -> ExitCodes.DEVICE_REFUSED;
            case CardStateException s -> ExitCodes.DEVICE_REFUSED;
            case CardProtocolException p -> ExitCodes.PROTOCOL;
            default -> ExitCodes.PROTOCOL;
        };
        return new UserException(code, "card: " + e.getMessage());
    }
}
