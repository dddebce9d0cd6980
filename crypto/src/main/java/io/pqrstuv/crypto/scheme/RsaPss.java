package io.pqrstuv.crypto.scheme;

import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * PS256 as the device computes it (D-30): EMSA-PSS over a precomputed SHA3-256 hash, MGF1-SHA3-256,
 * salt 32, trailer 0xBC. The JDK's RSASSA-PSS always hashes its input, so BC's raw signer is used.
 */
public final class RsaPss {
    public static final int SALT_LENGTH = 32;

    private RsaPss() {
    }

    /** A raw PSS signer/verifier: {@code update} takes the 32-byte hash itself. */
    public static PSSSigner rawSigner() {
        return PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA3Digest(256), new SHA3Digest(256),
                SALT_LENGTH, PSSSigner.TRAILER_IMPLICIT);
    }
}
