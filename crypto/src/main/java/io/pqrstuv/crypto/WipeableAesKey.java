package io.pqrstuv.crypto;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An AES key whose bytes this code owns: {@link #destroy()} zeroizes them. It replaces
 * {@code SecretKeySpec}, which keeps a private copy that nothing outside the JDK can wipe (its
 * {@code destroy()} is the interface's default, which throws).
 *
 * <p>A cipher initialised with a key keeps copies of its own (SunJCE: the expanded key schedule and
 * the raw key in {@code AESCrypt}, the raw key in the GCM layer after an encryption).
 * {@link #scrub(Cipher)} overwrites them in place: SunJCE zero-fills its previous schedule and key
 * copies when it is initialised with a different key, so initialising it once more with an all-zero
 * key leaves only that (checked with heap dumps: {@code MemoryProbeTest}).
 */
public final class WipeableAesKey implements SecretKey {
    @java.io.Serial
    private static final long serialVersionUID = 1L;
    private static final byte[] ZERO_IV = new byte[12];

    private final transient byte[] key;
    private transient volatile boolean destroyed;

    /** Takes ownership of {@code key} (16, 24 or 32 bytes; no copy). */
    public WipeableAesKey(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("an AES key is 16, 24 or 32 bytes");
        }
        this.key = key;
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A copy, as {@code Key.getEncoded()} requires; the provider that asks owns (and wipes) it. */
    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * Overwrites the key material an AES cipher kept from its last {@code init}: initialises it for
     * encryption under an all-zero key of the same length (encryption, because the GCM layer replaces
     * and zeroizes its saved key only then). The cipher is unusable for real data afterwards until it
     * is initialised again. Failures are ignored: this is clean-up on the way out.
     */
    public static void scrub(Cipher cipher, int keyLength) {
        if (cipher == null) {
            return;
        }
        WipeableAesKey zero = new WipeableAesKey(new byte[keyLength]);
        try {
            if (cipher.getAlgorithm().toUpperCase(java.util.Locale.ROOT).contains("GCM")) {
                cipher.init(Cipher.ENCRYPT_MODE, zero, new GCMParameterSpec(128, ZERO_IV));
            } else {
                cipher.init(Cipher.ENCRYPT_MODE, zero);
            }
        } catch (GeneralSecurityException | RuntimeException ignored) {
            // best effort: the cipher is dropped either way
        }
    }

    @java.io.Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("key material is never serialised");
    }

    @Override
    public String toString() {
        return "WipeableAesKey[AES-" + key.length * 8 + (destroyed ? ", destroyed" : "") + "]";
    }
}
