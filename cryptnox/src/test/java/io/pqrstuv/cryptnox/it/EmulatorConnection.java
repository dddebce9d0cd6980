package io.pqrstuv.cryptnox.it;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.util.function.UnaryOperator;

/**
 * The emulator in process, as a {@link CardConnection}: the fastest way to run the card tests. The
 * optional filters see (and may alter) each command and each reply, for the tampering tests.
 */
final class EmulatorConnection implements CardConnection {
    private final CardEmulator card;
    UnaryOperator<byte[]> commandFilter = UnaryOperator.identity();
    UnaryOperator<byte[]> replyFilter = UnaryOperator.identity();
    private boolean closed;

    EmulatorConnection(CardEmulator card) {
        this.card = card;
    }

    @Override
    public byte[] transmit(byte[] command) throws io.pqrstuv.cryptnox.error.CardTransportException {
        if (closed) {
            throw new io.pqrstuv.cryptnox.error.CardTransportException("closed");
        }
        return replyFilter.apply(card.transmit(commandFilter.apply(command)));
    }

    @Override
    public String description() {
        return "emulator in process";
    }

    /** Like a PC/SC disconnect with reset: the card loses its session. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            card.reset();
        }
    }
}
