package io.pqrstuv.cryptnox.card;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;

/**
 * SIGN PUBLIC's answer: the card's static key (the key of its manufacturer certificate, serial
 * {@code cardSerial}) signed {@code key}. The signature is ECDSA P-256 over SHA-256 of the 65-byte
 * uncompressed point (the applet reference says "over the current blockchain public key"; the exact
 * message is this library's reading, P-105).
 */
public record PublicKeyAttestation(CardPublicKey key, byte[] signature, BigInteger cardSerial) {
    public PublicKeyAttestation {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** True when {@code cardKey} (e.g. from the card's manufacturer certificate) made the signature. */
    public boolean verify(ECPublicKey cardKey) {
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(cardKey);
            v.update(key.uncompressed());
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 of the attested point, for display. */
    public byte[] keyDigest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.uncompressed());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
