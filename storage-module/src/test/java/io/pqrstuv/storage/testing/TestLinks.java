package io.pqrstuv.storage.testing;

import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.SerialPortLink;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import java.io.IOException;
import java.nio.file.Path;

/** Tty links and socat pty pairs for the tests, from the serial module. */
public final class TestLinks {
    private TestLinks() {
    }

    /** Both ends of a socat pty pair opened as 9600 8N1 serial ports. */
    public record PtyPair(Link a, Link b, SocatPtyPair socat) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                a.close();
                b.close();
            } finally {
                socat.close();
            }
        }
    }

    public static Link openTty(Path path) throws IOException {
        return SerialPortLink.open(path);
    }

    public static PtyPair ptyPair() throws IOException {
        SocatPtyPair socat = SocatPtyPair.start();
        try {
            return new PtyPair(SerialPortLink.open(socat.a()), SerialPortLink.open(socat.b()), socat);
        } catch (IOException | RuntimeException e) {
            socat.close();
            throw e;
        }
    }
}
