package io.pqrstuv.storage.vault.tpm;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * TPM 2.0 structures in the TPM's canonical encoding (Part 2: big-endian, packed, TPM2B = 16-bit
 * size then bytes). {@link Esys} turns these into C structures with tpm2-tss's own unmarshallers,
 * and parses what the TPM returns through its marshallers.
 */
final class TpmWire {
    static final int ALG_AES = 0x0006;
    static final int ALG_KEYEDHASH = 0x0008;
    static final int ALG_SHA256 = 0x000B;
    static final int ALG_NULL = 0x0010;
    static final int ALG_ECC = 0x0023;
    static final int ALG_CFB = 0x0043;
    static final int ECC_NIST_P256 = 0x0003;
    static final int SHA256_LENGTH = 32;

    /** TPMA_OBJECT bits (Part 2, 8.3). */
    static final int FIXED_TPM = 1 << 1;
    static final int FIXED_PARENT = 1 << 4;
    static final int SENSITIVE_DATA_ORIGIN = 1 << 5;
    static final int USER_WITH_AUTH = 1 << 6;
    static final int ADMIN_WITH_POLICY = 1 << 7;
    static final int NO_DA = 1 << 10;
    static final int RESTRICTED = 1 << 16;
    static final int DECRYPT = 1 << 17;

    /** TPM_CAP_HANDLES and the first handle of each range it lists. */
    static final int CAP_HANDLES = 0x00000001;
    static final int HT_TRANSIENT = 0x80000000;
    static final int HT_PERSISTENT = 0x81000000;
    static final int HT_LOADED_SESSION = 0x02000000;
    static final int HT_SAVED_SESSION = 0x03000000;

    private TpmWire() {
    }

    /** TPML_PCR_SELECTION of one bank: {@code pcrs} of the hash algorithm {@code hash}. */
    static byte[] pcrSelection(int hash, int... pcrs) {
        byte[] select = new byte[3]; // PCR 0–23: the size every TPM 2.0 PC client platform supports
        for (int pcr : pcrs) {
            if (pcr < 0 || pcr >= 24) {
                throw new IllegalArgumentException("PCR index out of range: " + pcr);
            }
            select[pcr / 8] |= (byte) (1 << (pcr % 8));
        }
        return ByteBuffer.allocate(4 + 2 + 1 + select.length)
                .putInt(1).putShort((short) hash).put((byte) select.length).put(select).array();
    }

    /**
     * TPM2B_PUBLIC of the storage primary: ECC NIST P-256, restricted decryption, AES-128-CFB for
     * its children, empty auth, noDA. Derived deterministically from the owner seed: the same
     * template always yields the same key, so the key salting our sessions is provably the TPM's
     * own, and nothing of it needs to be stored.
     */
    static byte[] storagePrimaryTemplate() {
        ByteBuffer t = ByteBuffer.allocate(64);
        t.putShort((short) ALG_ECC).putShort((short) ALG_SHA256)
                .putInt(FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN | USER_WITH_AUTH | RESTRICTED | DECRYPT | NO_DA)
                .putShort((short) 0) // authPolicy: none
                // TPMS_ECC_PARMS: symmetric AES-128-CFB, scheme NULL, curve P-256, kdf NULL
                .putShort((short) ALG_AES).putShort((short) 128).putShort((short) ALG_CFB)
                .putShort((short) ALG_NULL).putShort((short) ECC_NIST_P256).putShort((short) ALG_NULL)
                // unique: TPMS_ECC_POINT with empty x and y
                .putShort((short) 0).putShort((short) 0);
        return tpm2b(t);
    }

    /**
     * TPM2B_PUBLIC of a sealed data object: keyed-hash, no sign/decrypt, authorised only by
     * {@code policyDigest} (adminWithPolicy, no userWithAuth: no password can unseal it), fixed
     * to this TPM and parent, noDA.
     */
    static byte[] sealedObjectTemplate(byte[] policyDigest) {
        if (policyDigest.length != SHA256_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 policy digest is 32 bytes");
        }
        ByteBuffer t = ByteBuffer.allocate(64);
        t.putShort((short) ALG_KEYEDHASH).putShort((short) ALG_SHA256)
                .putInt(FIXED_TPM | FIXED_PARENT | ADMIN_WITH_POLICY | NO_DA)
                .putShort((short) policyDigest.length).put(policyDigest)
                .putShort((short) ALG_NULL) // TPMS_KEYEDHASH_PARMS: scheme NULL
                .putShort((short) 0); // unique: computed by the TPM
        return tpm2b(t);
    }

    /** TPML_DIGEST_VALUES holding one SHA-256 digest (for TPM2_PCR_Extend). */
    static byte[] sha256DigestValues(byte[] digest) {
        if (digest.length != SHA256_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        return ByteBuffer.allocate(4 + 2 + SHA256_LENGTH).putInt(1).putShort((short) ALG_SHA256).put(digest).array();
    }

    /** The handles listed by a marshalled TPMS_CAPABILITY_DATA for TPM_CAP_HANDLES. */
    static List<Integer> handles(byte[] capabilityData) throws TpmException {
        try {
            ByteBuffer b = ByteBuffer.wrap(capabilityData);
            int capability = b.getInt();
            if (capability != CAP_HANDLES) {
                throw malformed("TPMS_CAPABILITY_DATA", "capability " + capability + " instead of handles");
            }
            int count = b.getInt();
            if (count < 0 || count > b.remaining() / 4) {
                throw malformed("TPML_HANDLE", "count " + count);
            }
            List<Integer> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(b.getInt());
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw malformed("TPMS_CAPABILITY_DATA", "truncated");
        }
    }

    /** The digests of a marshalled TPML_DIGEST. */
    static List<byte[]> digests(byte[] digestList) throws TpmException {
        try {
            ByteBuffer b = ByteBuffer.wrap(digestList);
            int count = b.getInt();
            if (count < 0 || count > 8) {
                throw malformed("TPML_DIGEST", "count " + count);
            }
            List<byte[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int size = Short.toUnsignedInt(b.getShort());
                if (size > 64) {
                    throw malformed("TPM2B_DIGEST", "size " + size);
                }
                byte[] d = new byte[size];
                b.get(d);
                out.add(d);
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw malformed("TPML_DIGEST", "truncated");
        }
    }

    private static TpmException malformed(String type, String why) {
        return new TpmException("parse " + type, TpmRc.LAYER_ESAPI | 17, "malformed " + type + ": " + why);
    }

    private static byte[] tpm2b(ByteBuffer body) {
        body.flip();
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + body.remaining());
        out.write(body.remaining() >>> 8);
        out.write(body.remaining() & 0xFF);
        out.write(body.array(), 0, body.remaining());
        return out.toByteArray();
    }
}
