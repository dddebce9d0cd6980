package io.pqrstuv.testkit.tap;

import io.pqrstuv.serial.Link;
import io.pqrstuv.serial.Links;
import java.io.IOException;

/** How a test wires the two modules to the tap: real socat ptys through jSerialComm, or pipes. */
enum Transport {
    PTYS, PIPES;

    /** The read timeout {@link io.pqrstuv.testkit.io.TimedReads#readFully} uses. */
    static final java.time.Duration PRIMING_TIMEOUT = java.time.Duration.ofMillis(100);

    /** The tap plus the two module-side links, closed together. */
    record Wired(IcpTap tap, Link om, Link sm) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                om.close();
                sm.close();
            } finally {
                tap.close();
            }
        }
    }

    Wired wire() throws IOException {
        if (this == PIPES) {
            IcpTap tap = IcpTap.overPipes();
            return new Wired(tap, tap.operationModuleLink(), tap.storageModuleLink());
        }
        IcpTap tap = IcpTap.overSocatPtys();
        try {
            Link om = Links.open(tap.operationModuleDevice().toString());
            try {
                Link sm = Links.open(tap.storageModuleDevice().toString());
                // jSerialComm reconfigures the tty when the read timeout changes; do it now, before
                // any writer is busy on the same port, with the timeout the tests read with.
                om.read(new byte[1], 0, 1, PRIMING_TIMEOUT); // nothing was sent yet: returns 0
                sm.read(new byte[1], 0, 1, PRIMING_TIMEOUT);
                return new Wired(tap, om, sm);
            } catch (IOException e) {
                om.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            tap.close();
            throw e;
        }
    }
}
