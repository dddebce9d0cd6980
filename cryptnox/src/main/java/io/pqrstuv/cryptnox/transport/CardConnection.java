package io.pqrstuv.cryptnox.transport;

import io.pqrstuv.cryptnox.error.CardTransportException;

/**
 * A link to one card: raw command APDU in, raw response APDU ({@code data ‖ SW1 SW2}) out. The
 * Cryptnox layers above (secure channel, card API) never know whether the card sits in a PC/SC
 * reader or behind a socket. Not thread-safe: one exchange at a time, as on the wire.
 */
public interface CardConnection extends AutoCloseable {
    byte[] transmit(byte[] command) throws CardTransportException;

    /** Where the card is, for messages: the reader's name or the peer's address. */
    String description();

    /** Ends the session; a PC/SC card is reset, so no verified PIN outlives it. Idempotent. */
    @Override
    void close();
}
