package io.pqrstuv.cryptnox.emulator.testing;

import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need pcscd and vpcd skip, loudly, only where the binaries are truly absent; on CI
 * ({@code CI} set in the environment, as CI services do and {@code .ci/run} installs both packages)
 * a missing binary is a failure, never a skip.
 */
public final class PcscAssumptions {
    private PcscAssumptions() {
    }

    public static void assumePcscdAndVpcd() {
        Optional<String> missing = PrivatePcscd.missing();
        if (missing.isEmpty()) {
            return;
        }
        String message = "SKIPPED: PC/SC tests need " + missing.get()
                + " — install the Debian packages pcscd and vsmartcard-vpcd to run them";
        if (System.getenv("CI") != null) {
            Assertions.fail("on CI " + message.substring("SKIPPED: ".length()));
        }
        System.err.println("*".repeat(100) + "\n" + message + "\n" + "*".repeat(100));
        Assumptions.abort(message);
    }
}
