package io.pqrstuv.cryptnox.it;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The lifecycle against the emulator in process (state in a file, as a real deployment keeps it). */
class InProcessLifecycleTest extends CardLifecycleContract {
    @TempDir
    Path dir;
    CardEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = CardEmulator.open(dir.resolve("card.state"), io.pqrstuv.cryptnox.emulator.CardType.BASIC_G1);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Override
    CardConnection connect() {
        return new EmulatorConnection(emulator);
    }

    @Override
    void powerCycle() {
        emulator.powerCycle();
    }
}
