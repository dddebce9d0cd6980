package io.pqrstuv.qrng.emulator.attest;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.openssl.PEMParser;

/**
 * Verification with code independent of the emulator's (which signs through the JDK): Bouncy Castle's
 * low-level ECDSA over an explicit SHA-256, keys from raw X‖Y or from a PEM.
 */
final class Bc {
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(),
            P256.getH());

    private Bc() {
    }

    static boolean verify(byte[] xy, byte[] message, byte[] rs) {
        byte[] point = new byte[65];
        point[0] = 0x04;
        System.arraycopy(xy, 0, point, 1, 64);
        ECPublicKeyParameters key = new ECPublicKeyParameters(DOMAIN.getCurve().decodePoint(point), DOMAIN);
        ECDSASigner s = new ECDSASigner();
        s.init(false, key);
        SHA256Digest d = new SHA256Digest();
        d.update(message, 0, message.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return s.verifySignature(h, new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
    }

    /** X‖Y of the P-256 public key in a PEM file. */
    static byte[] rawFromPem(Path pem) throws Exception {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(pem, StandardCharsets.US_ASCII)))) {
            SubjectPublicKeyInfo spki = (SubjectPublicKeyInfo) p.readObject();
            byte[] point = spki.getPublicKeyData().getOctets();
            return Arrays.copyOfRange(point, 1, 65);
        }
    }
}
