package io.pqrstuv.storage.testing;

import io.pqrstuv.crypto.DeviceCrypto;

/** The crypto engine the tests run the module with. */
public final class TestEngines {
    private TestEngines() {
    }

    public static DeviceCrypto deviceCrypto() {
        return new FakeDeviceCrypto();
    }

    /** Whether the engine under test is the real one (IMPORT, PS256 need it). */
    public static boolean real() {
        return false;
    }
}
