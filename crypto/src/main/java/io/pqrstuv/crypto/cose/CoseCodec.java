package io.pqrstuv.crypto.cose;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Strict decoding and deterministic encoding (RFC 8949 §4.2.1) of COSE_Key maps whose values are
 * integers or byte strings.
 *
 * <p>Decoding uses com.upokecenter.cbor in CTAP2-canonical mode, which rejects indefinite lengths,
 * non-shortest heads, tags, duplicate keys, trailing bytes and excessive nesting. CTAP2 orders map
 * keys length-first, which differs from RFC 8949 bytewise order for multi-byte keys, so the decoded
 * map is re-encoded here and must reproduce the input exactly.
 *
 * <p>Encoding is written here rather than through the library so that private byte strings are
 * never copied into library objects we cannot wipe.
 */
public final class CoseCodec {
    private static final CBOREncodeOptions STRICT =
            new CBOREncodeOptions("allowduplicatekeys=false;ctap2canonical=true");

    private CoseCodec() {
    }

    /** Decodes a deterministic CBOR map of integer labels to integers or byte strings. */
    public static CoseMap decode(byte[] cbor) throws CborFormatException {
        if (cbor == null || cbor.length == 0) {
            throw new CborFormatException("empty input");
        }
        CBORObject root;
        try {
            root = CBORObject.DecodeFromBytes(cbor, STRICT);
        } catch (RuntimeException e) { // CBORException, and anything else the library throws on odd input
            throw new CborFormatException("malformed or non-deterministic CBOR: " + e.getMessage());
        }
        CoseMap out = new CoseMap();
        try {
            if (root.getType() != CBORType.Map) {
                throw new CborFormatException("not a CBOR map");
            }
            for (Map.Entry<CBORObject, CBORObject> e : root.getEntries()) {
                CBORObject key = e.getKey();
                if (key.getType() != CBORType.Integer || !key.CanValueFitInInt32()) {
                    throw new CborFormatException("map key is not a small integer");
                }
                int label = key.AsInt32Value();
                CBORObject value = e.getValue();
                if (value.getType() == CBORType.ByteString) {
                    out.put(label, value.GetByteString().clone());
                } else if (value.getType() == CBORType.Integer && value.CanValueFitInInt64()) {
                    out.put(label, value.AsInt64Value());
                } else {
                    // Kept as a marker: the caller decides the error (a text alg is "not listed").
                    out.putUnsupported(label);
                }
            }
            if (out.hasUnsupported()) {
                return out;
            }
            byte[] again = encode(out);
            try {
                if (!MessageDigest.isEqual(again, cbor)) {
                    throw new CborFormatException("map keys are not in deterministic order");
                }
            } finally {
                Arrays.fill(again, (byte) 0);
            }
            return out;
        } catch (CborFormatException e) {
            out.destroy();
            throw e;
        } finally {
            wipe(root);
        }
    }

    /** Deterministic encoding: shortest heads, keys sorted by their encoded bytes. */
    public static byte[] encode(CoseMap map) {
        Map<Integer, Object> entries = map.entries();
        List<Integer> keys = new ArrayList<>(entries.keySet());
        keys.sort((a, b) -> Arrays.compareUnsigned(encodeInt(a), encodeInt(b)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, keys.size());
        for (Integer k : keys) {
            writeInt(out, k);
            Object v = entries.get(k);
            if (v instanceof Long l) {
                writeInt(out, l);
            } else if (!(v instanceof byte[])) {
                throw new IllegalStateException("label " + k + " has no encodable value");
            } else {
                byte[] b = (byte[]) v;
                head(out, 2, b.length);
                out.write(b, 0, b.length);
            }
        }
        byte[] result = out.toByteArray();
        wipeBuffer(out, result.length);
        return result;
    }

    private static byte[] encodeInt(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(9);
        writeInt(out, v);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, long v) {
        if (v >= 0) {
            head(out, 0, v);
        } else {
            head(out, 1, -1 - v);
        }
    }

    /** A CBOR head with the shortest argument; {@code arg} is read as unsigned. */
    private static void head(ByteArrayOutputStream out, int major, long arg) {
        int mt = major << 5;
        if (arg >= 0 && arg < 24) {
            out.write(mt | (int) arg);
        } else if (arg >= 0 && arg <= 0xFF) {
            out.write(mt | 24);
            out.write((int) arg);
        } else if (arg >= 0 && arg <= 0xFFFF) {
            out.write(mt | 25);
            out.write((int) (arg >> 8));
            out.write((int) arg);
        } else if (arg >= 0 && arg <= 0xFFFFFFFFL) {
            out.write(mt | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (arg >> s));
            }
        } else {
            out.write(mt | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (arg >> s));
            }
        }
    }

    /** ByteArrayOutputStream keeps its buffer; overwrite it so private bytes do not linger. */
    private static void wipeBuffer(ByteArrayOutputStream out, int length) {
        out.reset();
        out.write(new byte[length], 0, length);
        out.reset();
    }

    private static void wipe(CBORObject root) {
        if (root.getType() != CBORType.Map) {
            if (root.getType() == CBORType.ByteString) {
                Arrays.fill(root.GetByteString(), (byte) 0);
            }
            return;
        }
        for (CBORObject v : root.getValues()) {
            if (v.getType() == CBORType.ByteString) {
                Arrays.fill(v.GetByteString(), (byte) 0);
            }
        }
    }
}
