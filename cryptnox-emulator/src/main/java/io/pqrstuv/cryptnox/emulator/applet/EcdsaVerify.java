package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/** Signature checks the card makes on what users bring: user keys and dual-generation blobs. */
final class EcdsaVerify {
    private EcdsaVerify() {
    }

    /** ECDSA P-256 over a given 32-byte hash, DER signature; false for any malformed input. */
    static boolean verifyP256(byte[] publicKey, byte[] hash, byte[] derSignature) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(derSignature));
            if (seq.size() != 2) {
                return false;
            }
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
            ECDSASigner v = new ECDSASigner();
            v.init(false, new ECPublicKeyParameters(Curve.SECP256R1.decodeUncompressed(publicKey),
                    Curve.SECP256R1.domain()));
            return v.verifySignature(hash, r, s);
        } catch (Exception e) {
            return false;
        }
    }

    /** RSA-2048 PKCS#1 v1.5 with SHA-256 over {@code message}, e = 65537. */
    static boolean verifyRsa(byte[] modulus, byte[] message, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), BigInteger.valueOf(65537)));
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(key);
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
