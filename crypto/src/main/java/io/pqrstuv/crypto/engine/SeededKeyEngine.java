package io.pqrstuv.crypto.engine;

import static io.pqrstuv.crypto.cose.CoseLabels.PRIV;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.cose.CoseMap;
import io.pqrstuv.crypto.der.JdkPkcs8;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * The shared half of ML-DSA and ML-KEM: the private key is only a seed (RFC 9964, the ML-KEM COSE
 * draft), Bouncy Castle expands it (public key, IMPORT consistency), and the JDK, which cannot take
 * a seed (docs/decisions.md P-5), gets the BC-expanded key for each operation.
 */
abstract class SeededKeyEngine implements FamilyEngine {

    /** BC's expanded private key; it owns the seed array it was built from and wipes it on destroy. */
    protected record Expanded(Supplier<byte[]> publicKey, Supplier<byte[]> encoded, Runnable destroy) {
    }

    private final int seedLength;

    SeededKeyEngine(int seedLength) {
        this.seedLength = seedLength;
    }

    /** Expands {@code seed}, taking ownership of the array. */
    protected abstract Expanded expand(Algorithm algorithm, byte[] seed);

    /** The public key for a seed (KeyGen_internal). */
    final byte[] publicFromSeed(Algorithm algorithm, byte[] seed) {
        // BC keeps (and destroy() wipes) the array it is given: hand it a copy of ours.
        byte[] copy = seed.clone();
        Expanded expanded = expand(algorithm, copy);
        try {
            return expanded.publicKey().get();
        } finally {
            expanded.destroy().run();
            Bytes.wipe(copy);
        }
    }

    /** The JDK's PKCS#8 for a seed: BC expands it (see {@link JdkPkcs8}). The caller wipes the result. */
    final byte[] jdkPkcs8(Algorithm algorithm, byte[] seed) {
        byte[] copy = seed.clone();
        Expanded expanded = expand(algorithm, copy);
        byte[] sk = expanded.encoded().get();
        try {
            return JdkPkcs8.expanded(algorithm, sk);
        } finally {
            Bytes.wipe(sk, copy);
            expanded.destroy().run();
        }
    }

    @Override
    public final CoseMap generate(Algorithm algorithm, SecureRandom random) {
        byte[] seed = new byte[seedLength];
        random.nextBytes(seed);
        return AkpKeys.map(algorithm, publicFromSeed(algorithm, seed), seed);
    }

    @Override
    public final void check(Algorithm algorithm, CoseMap key) throws CoseKeyException {
        AkpKeys.checkLengths(algorithm, key, seedLength);
        AkpKeys.checkDerived(algorithm, key, publicFromSeed(algorithm, key.requireBytes(PRIV)));
    }
}
