package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Seed wrapping of firmware 2.0 (GENERATE RSA SEED WRAP KEY, LOAD KEY P1 06): the card's RSA key
 * ("CRSA" ‖ modulus, e = 65537) and RSA-OAEP with SHA-1 and MGF1-SHA-1 on the host — the padding of
 * the example Cryptnox publishes with its library.
 */
public final class SeedWrapping {
    public static final int DEFAULT_BITS = 2048;
    private static final byte[] TAG = {'C', 'R', 'S', 'A'};

    private SeedWrapping() {
    }

    /**
     * The card's answer to GENERATE RSA SEED WRAP KEY as a key of {@code bits}: "CRSA" ‖ modulus of
     * bits / 8 bytes with its top bit set. Anything after the modulus (undocumented) is ignored.
     */
    static RSAPublicKey parseWrapKey(byte[] d, int bits) throws CardProtocolException {
        int n = bits / 8;
        if (d.length < 4 + n || !Arrays.equals(Arrays.copyOf(d, 4), TAG)) {
            throw new CardProtocolException("GENERATE RSA SEED WRAP KEY: expected \"CRSA\" and a " + bits
                    + "-bit modulus, got " + d.length + " bytes");
        }
        BigInteger modulus = new BigInteger(1, Arrays.copyOfRange(d, 4, 4 + n));
        if (modulus.bitLength() != bits || !modulus.testBit(0)) {
            throw new CardProtocolException("GENERATE RSA SEED WRAP KEY: the modulus is not an odd " + bits + "-bit number");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(modulus, UserKeys.RSA_EXPONENT));
        } catch (GeneralSecurityException e) {
            throw new CardProtocolException("GENERATE RSA SEED WRAP KEY: not an RSA key");
        }
    }

    /** RSA-OAEP (SHA-1, MGF1-SHA-1) of a 16 to 64 byte seed for the card's wrap key. */
    public static byte[] wrap(RSAPublicKey key, byte[] seed, SecureRandom random) {
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("a seed has 16 to 64 bytes, not " + seed.length);
        }
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                    PSource.PSpecified.DEFAULT), random);
            return c.doFinal(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's RSA-OAEP failed", e);
        }
    }
}
