package io.pqrstuv.storage.testing;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;

/** The crypto engine the tests run the module with: the real one. */
public final class TestEngines {
    private TestEngines() {
    }

    public static DeviceCrypto deviceCrypto() {
        return new JcaDeviceCrypto();
    }
}
