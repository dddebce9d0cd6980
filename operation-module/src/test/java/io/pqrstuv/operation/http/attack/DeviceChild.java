package io.pqrstuv.operation.http.attack;

import io.pqrstuv.operation.support.TestDevice;
import java.io.IOException;

/**
 * The main class of the device process the slow-client tests attack: a whole device (the real
 * storage module on an in-memory link, the real operation module on a free loopback port) in its
 * own JVM, so that its open-file limit, memory and threads are its own and can be measured. Prints
 * {@code READY <port> <certificate.pem>} and runs until its standard input ends.
 */
public final class DeviceChild {
    private DeviceChild() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDevice device = TestDevice.builder().wiring(TestDevice.Wiring.PIPE).start()) {
            System.out.println("READY " + device.port() + " " + device.certificatePath());
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // the parent holds the pipe open for as long as it wants the device
                }
            } catch (IOException e) {
                // the parent is gone
            }
        }
        System.exit(0);
    }
}
