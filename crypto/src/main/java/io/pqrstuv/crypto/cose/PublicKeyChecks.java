package io.pqrstuv.crypto.cose;

import static io.pqrstuv.crypto.cose.CoseLabels.CRV;
import static io.pqrstuv.crypto.cose.CoseLabels.CRV_ED25519;
import static io.pqrstuv.crypto.cose.CoseLabels.CRV_P256;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.CoseKeyException.Reason;
import io.pqrstuv.icp.alg.Algorithm;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/** Validation of a public COSE_Key (GET_PUB and SEC_SET_INIT replies as the client receives them). */
public final class PublicKeyChecks {
    private static final X9ECParameters P256 = ECNamedCurveTable.getByName("P-256");

    private PublicKeyChecks() {
    }

    /** Decodes and validates a public COSE_Key of any profile algorithm; returns its map and algorithm. */
    public static CoseMap decode(byte[] cosePublic, Set<Algorithm> allowed) throws CoseKeyException {
        CoseMap map = CoseKeyReader.decode(cosePublic);
        try {
            Algorithm alg = CoseKeyReader.algorithm(map, allowed);
            CoseKeyReader.checkShape(map, alg, false);
            check(alg, map);
            return map;
        } catch (CoseKeyException e) {
            map.destroy();
            throw e;
        }
    }

    /** The algorithm of a map that passed {@link #decode}. */
    public static Algorithm algorithm(CoseMap map) {
        return Algorithm.byCoseId(map.integer(CoseLabels.ALG).orElseThrow().intValue()).orElseThrow();
    }

    private static void check(Algorithm alg, CoseMap m) throws CoseKeyException {
        switch (alg.keyType()) {
            case AKP -> {
                if (m.requireBytes(CoseLabels.PUB).length != alg.publicKeyLength()) {
                    throw mismatch(alg.displayName() + " pub must be " + alg.publicKeyLength() + " bytes");
                }
            }
            case OKP -> {
                if (m.integer(CRV).orElseThrow() != CRV_ED25519 || m.requireBytes(CoseLabels.X).length != 32) {
                    throw mismatch("Ed25519 needs crv 6 and a 32-byte x");
                }
            }
            case EC2 -> {
                byte[] x = m.requireBytes(CoseLabels.X);
                byte[] y = m.requireBytes(CoseLabels.Y);
                if (m.integer(CRV).orElseThrow() != CRV_P256 || x.length != 32 || y.length != 32) {
                    throw mismatch("ES256 needs crv 1 and 32-byte x and y");
                }
                try {
                    P256.getCurve().validatePoint(new BigInteger(1, x), new BigInteger(1, y));
                } catch (IllegalArgumentException e) {
                    throw mismatch("P-256 point is not on the curve");
                }
            }
            case RSA -> {
                byte[] n = m.requireBytes(CoseLabels.N);
                byte[] e = m.requireBytes(CoseLabels.E);
                if (n.length == 0 || n[0] == 0 || e.length == 0 || e[0] == 0) {
                    throw mismatch("RSA n and e must have no leading zero");
                }
                int bits = new BigInteger(1, n).bitLength();
                BigInteger exp = new BigInteger(1, e);
                if (bits < 2048 || bits > 4096 || bits % 8 != 0 || !exp.testBit(0) || exp.compareTo(BigInteger.valueOf(3)) < 0) {
                    throw mismatch("RSA public key size or exponent is out of range");
                }
            }
        }
    }

    private static CoseKeyException mismatch(String message) {
        return new CoseKeyException(Reason.MISMATCH, message);
    }
}
