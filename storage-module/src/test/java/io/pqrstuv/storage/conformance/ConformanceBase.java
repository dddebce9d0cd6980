package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.testing.IcpClient;
import io.pqrstuv.storage.testing.ModuleUnderTest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** A fresh module per test (or the external one) and the helpers every SER test uses. */
abstract class ConformanceBase {
    static final byte[] NONE = new byte[0];
    /** The factory-default secret (D-8). */
    static final byte[] DEFAULT_SECRET = new byte[0];
    static final SecureRandom RANDOM = new SecureRandom();

    /** The secret an external device is believed to hold, so the next test can reset it. */
    static volatile byte[] externalSecret = new byte[0];

    ModuleUnderTest module;
    IcpClient client;

    /** Module clock speed for this class; 1 unless a class needs the timed rules. */
    long timeScale() {
        return 1;
    }

    ModuleUnderTest.Transport transport() {
        return ModuleUnderTest.Transport.MEMORY;
    }

    @BeforeEach
    void startModule() throws Exception {
        module = ModuleUnderTest.start(transport(), timeScale());
        client = module.client();
        if (module.external()) {
            // An external device starts each test from the factory state, as ours does; a lockout
            // left by an earlier test is waited out when the device's clock speed is known.
            if (module.knowsClock()) {
                // Token failures of earlier tests still count on a shared device (D-11): let them age out.
                long wait = module.real(Duration.ofMinutes(5).plusSeconds(15)).toNanos()
                        - (System.nanoTime() - IcpClient.lastIncorrectSecretNanos());
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000 + 1);
                }
            }
            ResponseCode reset = client.authenticated(externalSecret, Command.DEV_RST, NONE).code();
            if (reset == ResponseCode.RATE_LIMITED && module.knowsClock()) {
                module.sleepModuleTime(Duration.ofMinutes(30).plusSeconds(30));
                reset = client.authenticated(externalSecret, Command.DEV_RST, NONE).code();
            }
            if (reset == ResponseCode.INCORRECT_SECRET && externalSecret.length > 0) {
                // A test reset the device itself after changing the secret: it holds the default.
                reset = auth(Command.DEV_RST, NONE).code();
            }
            externalSecret = DEFAULT_SECRET;
            Assumptions.assumeTrue(reset == ResponseCode.SUCCESS,
                    "the external device must accept DEV_RST with the default secret");
        }
    }

    @AfterEach
    void stopModule() throws Exception {
        if (module != null) {
            module.close();
        }
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    ResponsePayload auth(Command command, byte[] opData) {
        return client.authenticated(DEFAULT_SECRET, command, opData);
    }

    static void assertError(ResponsePayload r, int session, Command command, ResponseCode code) {
        assertThat(r.code()).as("response code").isEqualTo(code);
        assertThat(r.session()).as("session echo").isEqualTo(session);
        assertThat(r.command()).as("command echo").isEqualTo(command.code());
        assertThat(r.data()).as("error replies carry no data").isEmpty();
    }

    static void assertCode(ResponsePayload r, ResponseCode code) {
        assertThat(r.code()).as("response code").isEqualTo(code);
        if (code != ResponseCode.SUCCESS) {
            assertThat(r.data()).as("error replies carry no data").isEmpty();
        }
    }

    /** KEYGEN with the default secret; returns the new id. */
    byte[] keygen(Algorithm alg) {
        ResponsePayload r = auth(Command.KEYGEN, AlgId.encode(alg.coseId()));
        assertCode(r, ResponseCode.SUCCESS);
        assertThat(r.data()).hasSize(16);
        return r.data();
    }

    byte[] getPub(byte[] id) {
        ResponsePayload r = auth(Command.GET_PUB, id);
        assertCode(r, ResponseCode.SUCCESS);
        return r.data();
    }
}
