package io.pqrstuv.client.jca;

import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;

/**
 * Signature for one profile algorithm. Signing buffers the data and has the device sign it (the
 * device hashes with SHA3-256, D-29/D-30); verification is local and streaming, so the output
 * verifies with the standard JDK/BC algorithms of notes §3.6.
 */
final class DeviceSignatureSpi extends SignatureSpi {
    private final PqrstuvProvider provider;
    private final Algorithm algorithm;
    private ByteArrayOutputStream buffer;
    private PqrstuvPrivateKey signingKey;
    private DeviceSignatures.Verifier verifier;

    DeviceSignatureSpi(PqrstuvProvider provider, Algorithm algorithm) {
        this.provider = provider;
        this.algorithm = algorithm;
    }

    @Override
    protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
        if (!(key instanceof PqrstuvPrivateKey k)) {
            throw new InvalidKeyException("PQRSTUV signs only with device keys (PqrstuvPrivateKey from its KeyStore)");
        }
        if (k.deviceAlgorithm() != algorithm) {
            throw new InvalidKeyException("key " + k.id() + " is " + k.deviceAlgorithm().displayName() + ", not "
                    + algorithm.displayName());
        }
        signingKey = k;
        verifier = null;
        buffer = new ByteArrayOutputStream();
    }

    @Override
    protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
        verifier = DeviceSignatures.verifier(algorithm, key);
        signingKey = null;
        buffer = null;
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (signingKey != null) {
            buffer.write(b, off, len);
        } else if (verifier != null) {
            verifier.update(b, off, len);
        } else {
            throw new SignatureException("not initialized");
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (signingKey == null) {
            throw new SignatureException("not initialized for signing");
        }
        byte[] document = buffer.toByteArray();
        buffer = new ByteArrayOutputStream();
        try {
            return provider.withDevice(seq -> seq.sign(signingKey.id(), document));
        } catch (PqrstuvException | IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new SignatureException("device signing failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sig) throws SignatureException {
        if (verifier == null) {
            throw new SignatureException("not initialized for verification");
        }
        DeviceSignatures.Verifier v = verifier;
        verifier = null; // one-shot, like the JDK's engines after verify
        return v.verify(sig);
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }
}
