package io.pqrstuv.cryptnox.emulator.testing;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;

/** Raw APDU exchange with a card, however it is reached (in-process, PC/SC, remote socket). */
@FunctionalInterface
public interface ApduTransport {
    /** Sends the command bytes unchanged; returns data ‖ SW1 SW2. */
    byte[] transmit(byte[] apdu) throws IOException;

    static ApduTransport of(CardEmulator card) {
        return card::transmit;
    }

    /** Through javax.smartcardio, bytes unchanged (no Le added, no GET RESPONSE handling needed with T=1). */
    static ApduTransport of(CardChannel channel) {
        return apdu -> {
            ByteBuffer out = ByteBuffer.allocate(65538 + 2);
            try {
                int n = channel.transmit(ByteBuffer.wrap(apdu), out);
                return Arrays.copyOf(out.array(), n);
            } catch (CardException e) {
                throw new IOException("PC/SC transmit failed: " + e.getMessage(), e);
            }
        };
    }
}
