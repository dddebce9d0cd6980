package io.pqrstuv.cryptnox.it;

import io.pqrstuv.cryptnox.transport.CardConnection;
import io.pqrstuv.cryptnox.transport.PcscConnection;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The same lifecycle against any card in any reader: {@code -Dpqrstuv.card.reader=NAME} (a real
 * Cryptnox card, or another emulator on the system's pcscd). It erases the card: run it only on a
 * test card, blank or with PUK {@code ABCDEFGHIJKL}. A power cycle is a disconnect with reset.
 */
@EnabledIfSystemProperty(named = "pqrstuv.card.reader", matches = ".+")
class AnyReaderLifecycleTest extends CardLifecycleContract {
    @Override
    CardConnection connect() throws Exception {
        return PcscConnection.open(System.getProperty("pqrstuv.card.reader"));
    }

    @Override
    void powerCycle() {
        // every connection ends with a card reset (PcscConnection.close), which clears the session
    }
}
