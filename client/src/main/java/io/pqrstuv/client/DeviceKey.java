package io.pqrstuv.client;

import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.InvalidKeyException;
import java.security.PublicKey;

/** A device key as a client sees it: identifier, algorithm, and public key (SubjectPublicKeyInfo DER). */
public record DeviceKey(KeyId id, Algorithm algorithm, byte[] spki) {
    public DeviceKey {
        spki = spki.clone();
    }

    @Override
    public byte[] spki() {
        return spki.clone();
    }

    public PublicKey publicKey() throws InvalidKeyException {
        return DeviceKeys.publicKey(spki);
    }

    @Override
    public String toString() {
        return "DeviceKey[" + id + ", " + algorithm.displayName() + "]";
    }
}
