package io.pqrstuv.cryptnox.error;

/** SELECT answered {@code 6A82}: the card in the reader has no Cryptnox applet. */
public final class AppletNotFoundException extends CardStatusException {
    public AppletNotFoundException(int statusWord, String message) {
        super(statusWord, message);
    }
}
