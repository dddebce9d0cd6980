package io.pqrstuv.cryptnox.error;

/**
 * The secure channel failed: the card rejected a MAC or padding ({@code 6982}, which also closes the
 * channel on the card; a wrong pairing secret shows up here), the card has no open channel, or the
 * card's reply failed the host's MAC, padding or replay checks (status word {@code 0} then). The
 * channel is closed on the host too; the next secure command opens a new one.
 */
public final class SecureChannelException extends CardStatusException {
    public SecureChannelException(int statusWord, String message) {
        super(statusWord, message);
    }
}
