package io.pqrstuv.cryptnox.emulator.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-CBC without padding (the callers pad with ISO/IEC 9797-1 method 2) and the plain CBC-MAC. */
public final class Aes {
    public static final int BLOCK = 16;
    private static final byte[] ZERO_IV = new byte[BLOCK];

    private Aes() {
    }

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] data) {
        return run(Cipher.ENCRYPT_MODE, key, iv, data);
    }

    public static byte[] decrypt(byte[] key, byte[] iv, byte[] data) {
        return run(Cipher.DECRYPT_MODE, key, iv, data);
    }

    /**
     * The secure channel's MAC: the last block of AES-CBC under a zero IV over block-aligned input.
     * Plain CBC-MAC, not CMAC, although the applet's overview pages say "CMAC" (notes §2.7).
     */
    public static byte[] cbcMac(byte[] key, byte[] data) {
        byte[] all = run(Cipher.ENCRYPT_MODE, key, ZERO_IV, data);
        byte[] mac = new byte[BLOCK];
        System.arraycopy(all, all.length - BLOCK, mac, 0, BLOCK);
        java.util.Arrays.fill(all, (byte) 0);
        return mac;
    }

    /** Constant-time comparison. */
    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] run(int mode, byte[] key, byte[] iv, byte[] data) {
        if (data.length % BLOCK != 0) {
            throw new IllegalArgumentException("not block aligned");
        }
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC unavailable", e);
        }
    }
}
