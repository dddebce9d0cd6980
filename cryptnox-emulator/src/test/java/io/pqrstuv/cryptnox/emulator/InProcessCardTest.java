package io.pqrstuv.cryptnox.emulator;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The card-level contract against the core, in-process. */
class InProcessCardTest extends CardContract {
    private CardEmulator card;

    @BeforeEach
    void newCard() {
        card = CardEmulator.inMemory(CardType.BASIC_G1);
    }

    @AfterEach
    void closeCard() {
        card.close();
    }

    @Override
    protected HostCard connect() throws Exception {
        card.powerCycle();
        HostCard h = new HostCard(ApduTransport.of(card));
        h.connect();
        return h;
    }
}
