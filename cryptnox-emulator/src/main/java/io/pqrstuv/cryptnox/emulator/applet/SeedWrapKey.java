package io.pqrstuv.cryptnox.emulator.applet;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;

/**
 * The RSA seed-wrap key of firmware 2.0 (GENERATE RSA SEED WRAP KEY, LOAD KEY P1=06): e = 65537,
 * seeds wrapped with RSA-OAEP, SHA-1 and MGF1-SHA-1 (the padding of Cryptnox's published example).
 */
final class SeedWrapKey {
    static final BigInteger E = BigInteger.valueOf(65537);

    private SeedWrapKey() {
    }

    /** The sizes JCOP 4 generates: 2048, 3072 and 4096 bits. */
    static boolean supported(int bits) {
        return bits == 2048 || bits == 3072 || bits == 4096;
    }

    static RSAPrivateCrtKeyParameters generate(int bits, SecureRandom random) {
        RSAKeyPairGenerator g = new RSAKeyPairGenerator();
        g.init(new RSAKeyGenerationParameters(E, random, bits, 112));
        while (true) {
            AsymmetricCipherKeyPair kp = g.generateKeyPair();
            RSAPrivateCrtKeyParameters k = (RSAPrivateCrtKeyParameters) kp.getPrivate();
            if (k.getModulus().bitLength() == bits) {
                return k;
            }
        }
    }

    /** The modulus, big-endian, exactly bits / 8 bytes. */
    static byte[] modulus(RSAPrivateCrtKeyParameters key) {
        int len = (key.getModulus().bitLength() + 7) / 8;
        byte[] m = key.getModulus().toByteArray();
        if (m.length == len) {
            return m;
        }
        byte[] r = new byte[len];
        System.arraycopy(m, m.length - len, r, 0, len);
        return r;
    }

    /** RSA-OAEP-SHA1 decryption; any malformed ciphertext is an {@link IllegalArgumentException}. */
    static byte[] unwrap(RSAPrivateCrtKeyParameters key, byte[] wrapped) {
        int len = (key.getModulus().bitLength() + 7) / 8;
        if (wrapped.length != len) {
            throw new IllegalArgumentException("a wrapped seed has the size of the modulus");
        }
        OAEPEncoding oaep = new OAEPEncoding(new RSABlindedEngine(), new SHA1Digest(), new SHA1Digest(), null);
        oaep.init(false, key);
        try {
            return oaep.processBlock(wrapped, 0, wrapped.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new IllegalArgumentException("the seed does not unwrap");
        }
    }
}
