package io.pqrstuv.qrng.error;

/** The device answered NACK ({@code 0x12}) to a command: it refused it (bad payload, wrong state, not supported). */
public final class QccNackException extends QccException {
    private final int commandCode;

    public QccNackException(int commandCode, String commandName) {
        super("device answered NACK to " + commandName + String.format(" (0x%02X)", commandCode));
        this.commandCode = commandCode;
    }

    /** The command byte that was refused. */
    public int commandCode() {
        return commandCode;
    }
}
