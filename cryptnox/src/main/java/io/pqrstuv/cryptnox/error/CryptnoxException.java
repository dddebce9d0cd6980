package io.pqrstuv.cryptnox.error;

/**
 * Root of every failure this library reports. The family is sealed so a caller can switch over it
 * exhaustively: the transport failed ({@link CardTransportException}), the card answered with a
 * status word ({@link CardStatusException} and its subclasses), the card's answer broke the protocol
 * ({@link CardProtocolException}), the card is not genuine as far as the host can tell
 * ({@link GenuineCheckException}), or the card's state does not allow the call
 * ({@link CardStateException}). Messages never contain PINs, PUKs, keys or seeds.
 */
public abstract sealed class CryptnoxException extends Exception
        permits CardTransportException, CardStatusException, CardProtocolException, GenuineCheckException,
                CardStateException {
    protected CryptnoxException(String message) {
        super(message);
    }

    protected CryptnoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
