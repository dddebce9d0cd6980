package io.pqrstuv.storage.conformance;

import io.pqrstuv.storage.testing.ModuleUnderTest;

/** The precedence suite again, through a socat pty pair. */
class PrecedenceOverPtyTest extends PrecedenceConformanceTest {
    @Override
    ModuleUnderTest.Transport transport() {
        return ModuleUnderTest.Transport.PTY;
    }
}
