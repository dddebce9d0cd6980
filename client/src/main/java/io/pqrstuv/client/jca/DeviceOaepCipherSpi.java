package io.pqrstuv.client.jca;

import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.SecretWrapping;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * RSA-OAEP-256/512 with the COSE parameters (hash and MGF1 hash equal, empty label). Decrypt and
 * unwrap with a device key run on the device (/decapsulate); encrypt and wrap run locally.
 */
final class DeviceOaepCipherSpi extends CipherSpi {
    private final PqrstuvProvider provider;
    private final Algorithm algorithm;
    private int mode;
    private PqrstuvPrivateKey deviceKey;
    private Cipher local;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    DeviceOaepCipherSpi(PqrstuvProvider provider, Algorithm algorithm) {
        this.provider = provider;
        this.algorithm = algorithm;
    }

    @Override
    protected void engineSetMode(String m) throws NoSuchAlgorithmException {
        if (!m.equalsIgnoreCase("ECB") && !m.equalsIgnoreCase("NONE")) {
            throw new NoSuchAlgorithmException("RSA-OAEP has no mode " + m);
        }
    }

    @Override
    protected void engineSetPadding(String p) throws NoSuchPaddingException {
        if (!p.toUpperCase(Locale.ROOT).startsWith("OAEP")) {
            throw new NoSuchPaddingException("the padding is fixed by " + algorithm.displayName());
        }
    }

    @Override
    protected int engineGetBlockSize() {
        return 0;
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
        return 512;
    }

    @Override
    protected byte[] engineGetIV() {
        return null;
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        return null;
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
        mode = opmode;
        buffer.reset();
        deviceKey = null;
        local = null;
        switch (opmode) {
            case Cipher.DECRYPT_MODE, Cipher.UNWRAP_MODE -> {
                if (!(key instanceof PqrstuvPrivateKey k) || k.deviceAlgorithm() != algorithm) {
                    throw new InvalidKeyException("decryption needs a " + algorithm.displayName() + " device key");
                }
                deviceKey = k;
            }
            case Cipher.ENCRYPT_MODE, Cipher.WRAP_MODE -> {
                if (!(key instanceof PublicKey pk)) {
                    throw new InvalidKeyException("encryption needs the RSA public key");
                }
                DeviceKeys.requireAlgorithm(pk, algorithm);
                try {
                    local = Cipher.getInstance("RSA/ECB/OAEPPadding");
                    local.init(opmode, pk, SecretWrapping.oaepParameters(algorithm), random);
                } catch (GeneralSecurityException e) {
                    throw new InvalidKeyException(e.getMessage(), e);
                }
            }
            default -> throw new InvalidKeyException("unknown mode " + opmode);
        }
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
            throws InvalidKeyException, java.security.InvalidAlgorithmParameterException {
        if (params != null) {
            throw new java.security.InvalidAlgorithmParameterException("parameters are fixed by " + algorithm.displayName());
        }
        engineInit(opmode, key, random);
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
            throws InvalidKeyException, java.security.InvalidAlgorithmParameterException {
        if (params != null) {
            throw new java.security.InvalidAlgorithmParameterException("parameters are fixed by " + algorithm.displayName());
        }
        engineInit(opmode, key, random);
    }

    @Override
    protected byte[] engineUpdate(byte[] in, int off, int len) {
        buffer.write(in, off, len);
        return new byte[0];
    }

    @Override
    protected int engineUpdate(byte[] in, int off, int len, byte[] out, int outOff) {
        buffer.write(in, off, len);
        return 0;
    }

    @Override
    protected byte[] engineDoFinal(byte[] in, int off, int len) throws IllegalBlockSizeException, BadPaddingException {
        if (in != null) {
            buffer.write(in, off, len);
        }
        byte[] input = buffer.toByteArray();
        buffer.reset();
        if (local != null) {
            return local.doFinal(input);
        }
        if (deviceKey == null || mode != Cipher.DECRYPT_MODE) {
            throw new IllegalStateException("not initialized for encryption or decryption");
        }
        return deviceDecrypt(input);
    }

    private byte[] deviceDecrypt(byte[] ct) throws BadPaddingException {
        try {
            return provider.withDevice(seq -> seq.decapsulate(deviceKey.id(), ct));
        } catch (PqrstuvException | IOException | GeneralSecurityException e) {
            BadPaddingException b = new BadPaddingException("device decryption failed: " + e.getMessage());
            b.initCause(e);
            throw b;
        }
    }

    @Override
    protected int engineDoFinal(byte[] in, int off, int len, byte[] out, int outOff)
            throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
        byte[] r = engineDoFinal(in, off, len);
        try {
            if (out.length - outOff < r.length) {
                throw new ShortBufferException("need " + r.length + " bytes");
            }
            System.arraycopy(r, 0, out, outOff, r.length);
            return r.length;
        } finally {
            Arrays.fill(r, (byte) 0);
        }
    }

    @Override
    protected byte[] engineWrap(Key key) throws IllegalBlockSizeException, InvalidKeyException {
        if (local == null || mode != Cipher.WRAP_MODE) {
            throw new IllegalStateException("not initialized for wrapping");
        }
        return local.wrap(key);
    }

    @Override
    protected Key engineUnwrap(byte[] wrapped, String wrappedAlgorithm, int wrappedType)
            throws InvalidKeyException, NoSuchAlgorithmException {
        if (deviceKey == null || mode != Cipher.UNWRAP_MODE) {
            throw new IllegalStateException("not initialized for unwrapping");
        }
        if (wrappedType != Cipher.SECRET_KEY) {
            throw new InvalidKeyException("only secret keys can be unwrapped");
        }
        byte[] k = null;
        try {
            k = deviceDecrypt(wrapped);
            return new SecretKeySpec(k, wrappedAlgorithm);
        } catch (BadPaddingException e) {
            throw new InvalidKeyException(e.getMessage(), e);
        } finally {
            if (k != null) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }
}
