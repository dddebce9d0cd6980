package io.pqrstuv.cryptnox.channel;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.Arrays;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/** P-256 key pairs from fixed scalars, for the published worked examples. */
final class Keys {
    private Keys() {
    }

    static KeyPair fromScalar(int fill) throws Exception {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) fill);
        BigInteger d = new BigInteger(1, s);
        PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, P256.params()));
        byte[] pub = CustomNamedCurves.getByName("secp256r1").getG().multiply(d).normalize().getEncoded(false);
        ECPublicKey pk = P256.publicKey(pub);
        return new KeyPair(pk, priv);
    }
}
