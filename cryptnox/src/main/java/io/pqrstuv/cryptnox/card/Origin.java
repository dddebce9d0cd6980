package io.pqrstuv.cryptnox.card;

/** Result of the genuineness check of the manufacturer certificate. */
public enum Origin {
    /** No verdict: the certificate directory could not be reached, or held nothing usable. */
    UNKNOWN,
    /** A Cryptnox key signed the card's manufacturer certificate. */
    ORIGINAL,
    /** Cryptnox's keys were available and none signed the certificate. */
    FAKE
}
