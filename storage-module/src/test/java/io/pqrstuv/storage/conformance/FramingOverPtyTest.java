package io.pqrstuv.storage.conformance;

import io.pqrstuv.storage.testing.ModuleUnderTest;

/** The framing suite again, through a socat pty pair opened as 9600 8N1 serial ports. */
class FramingOverPtyTest extends FramingConformanceTest {
    @Override
    ModuleUnderTest.Transport transport() {
        return ModuleUnderTest.Transport.PTY;
    }
}
