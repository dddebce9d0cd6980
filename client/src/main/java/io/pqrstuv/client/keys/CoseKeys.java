package io.pqrstuv.client.keys;

import io.pqrstuv.icp.alg.Algorithm;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Public COSE_Key CBOR (notes §3.4) from the device's SubjectPublicKeyInfo: the form GET_PUB sends
 * on the wire, for users who work in COSE. Deterministic encoding, labels in the order 1, 3, -1, -2, -3.
 */
public final class CoseKeys {
    private CoseKeys() {
    }

    public static byte[] publicCose(Algorithm algorithm, byte[] spki) throws InvalidKeyException {
        if (!DeviceKeys.candidates(spki).contains(algorithm)) {
            throw new InvalidKeyException("the public key is not a " + algorithm.displayName() + " key");
        }
        SubjectPublicKeyInfo info = DeviceKeys.parse(spki);
        byte[] raw = info.getPublicKeyData().getOctets();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (algorithm.keyType()) {
            case EC2 -> {
                if (raw.length != 65 || raw[0] != 0x04) {
                    throw new InvalidKeyException("expected an uncompressed P-256 point");
                }
                head(out, 5, 5);
                entry(out, 1, 2);
                entry(out, 3, algorithm.coseId());
                entry(out, -1, 1);
                entryBytes(out, -2, Arrays.copyOfRange(raw, 1, 33));
                entryBytes(out, -3, Arrays.copyOfRange(raw, 33, 65));
            }
            case OKP -> {
                head(out, 5, 4);
                entry(out, 1, 1);
                entry(out, 3, algorithm.coseId());
                entry(out, -1, 6);
                entryBytes(out, -2, raw);
            }
            case RSA -> {
                RSAPublicKey k;
                try {
                    k = RSAPublicKey.getInstance(raw);
                } catch (IllegalArgumentException e) {
                    throw new InvalidKeyException("malformed RSA public key", e);
                }
                head(out, 5, 4);
                entry(out, 1, 3);
                entry(out, 3, algorithm.coseId());
                entryBytes(out, -1, unsigned(k.getModulus()));
                entryBytes(out, -2, unsigned(k.getPublicExponent()));
            }
            case AKP -> {
                head(out, 5, 3);
                entry(out, 1, 7);
                entry(out, 3, algorithm.coseId());
                entryBytes(out, -1, raw);
            }
        }
        return out.toByteArray();
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static void entry(ByteArrayOutputStream out, int label, long value) {
        integer(out, label);
        integer(out, value);
    }

    private static void entryBytes(ByteArrayOutputStream out, int label, byte[] value) {
        integer(out, label);
        head(out, 2, value.length);
        out.writeBytes(value);
    }

    private static void integer(ByteArrayOutputStream out, long v) {
        if (v >= 0) {
            head(out, 0, v);
        } else {
            head(out, 1, -1 - v);
        }
    }

    /** Shortest-form CBOR head (RFC 8949 §4.2.1). */
    private static void head(ByteArrayOutputStream out, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 0x100) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(m | 25);
            out.write((int) (n >> 8));
            out.write((int) n);
        } else {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (n >> s));
            }
        }
    }
}
