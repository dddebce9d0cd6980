package io.pqrstuv.operation.convert;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.Pkcs8Exception;
import io.pqrstuv.crypto.encoding.KeyEncodings;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.http.EcpHttpException;
import java.security.PublicKey;
import java.util.Set;

/** DER ⇄ COSE for the ECP side (notes §3.4, §3.5, D-22, D-23), with errors in ECP terms. */
public final class KeyConversions {
    private KeyConversions() {
    }

    /** A storage-module public COSE_Key as SubjectPublicKeyInfo DER; a bad key is the device's fault (500). */
    public static byte[] spki(byte[] cosePublic) throws ConversionException {
        try {
            return KeyEncodings.spkiFromPublicCose(cosePublic);
        } catch (CoseKeyException | RuntimeException e) {
            throw new ConversionException("public COSE_Key cannot be converted to DER");
        }
    }

    /** The algorithm and JCA key of a public COSE_Key (/set_syslog verification). */
    public static PublicKey publicKey(byte[] cosePublic) throws ConversionException {
        try {
            return KeyEncodings.publicKeyFromCose(cosePublic);
        } catch (CoseKeyException | RuntimeException e) {
            throw new ConversionException("public COSE_Key cannot be converted to a key");
        }
    }

    public static Algorithm algorithm(byte[] cosePublic) throws ConversionException {
        try {
            return KeyEncodings.algorithmOfPublicCose(cosePublic);
        } catch (CoseKeyException | RuntimeException e) {
            throw new ConversionException("public COSE_Key has no usable algorithm");
        }
    }

    /**
     * PKCS#8 DER to a private COSE_Key for IMPORT: malformed DER is 417, an unsupported or
     * unlisted key 400 (D-22). The caller zeroizes both arrays.
     */
    public static byte[] privateCose(byte[] pkcs8, Set<Algorithm> allowed) throws EcpHttpException {
        try {
            return KeyEncodings.privateCoseFromPkcs8(pkcs8, allowed);
        } catch (Pkcs8Exception e) {
            throw e.reason() == Pkcs8Exception.Reason.DECODE
                    ? EcpHttpException.expectationFailed("DER key cannot be decoded")
                    : EcpHttpException.badRequest("DER key type not supported");
        }
    }
}
