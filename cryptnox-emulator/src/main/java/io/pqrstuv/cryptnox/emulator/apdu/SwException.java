package io.pqrstuv.cryptnox.emulator.apdu;

/**
 * A command ends with this status word and no data. Thrown by command handlers; the dispatcher
 * turns it into the (plain or secure-channel) response. No stack trace: it is control flow.
 */
public final class SwException extends RuntimeException {
    private final int sw;

    public SwException(int sw) {
        super("SW " + Sw.hex(sw), null, false, false);
        this.sw = sw;
    }

    public int sw() {
        return sw;
    }
}
