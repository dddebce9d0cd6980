package io.pqrstuv.storage.info;

import com.upokecenter.cbor.CBORObject;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.List;
import java.util.Objects;

/**
 * The GET_INFO reply: a CBOR map with text keys, in a fixed order, built once at start-up from
 * constants and the serial number only, so it never depends on device state (ICP-INFO-5).
 */
public final class InfoMap {
    public static final String NAME = "PQRSTUV Storage Module (Java)";
    public static final String MANUFACTURER = "pqrstuv";
    public static final String DOCUMENTATION = "https://github.com/AdityaMitra5102/PQRSTUV-Docs";

    private final byte[] encoded;

    public InfoMap(String serialNumber, List<Algorithm> profile) {
        Objects.requireNonNull(serialNumber);
        CBORObject algs = CBORObject.NewArray();
        for (Algorithm a : profile) {
            algs.Add(CBORObject.FromObject(a.coseId()));
        }
        CBORObject map = CBORObject.NewOrderedMap();
        map.set("name", CBORObject.FromObject(NAME));
        map.set("serial_number", CBORObject.FromObject(serialNumber));
        map.set("manufacturer", CBORObject.FromObject(MANUFACTURER));
        map.set("documentation", CBORObject.FromObject(DOCUMENTATION));
        map.set("available_cryptosystems", algs);
        map.set("token_hash_algo", CBORObject.FromObject(Algorithm.TOKEN_HASH_ALGO));
        this.encoded = map.EncodeToBytes();
    }

    /** A copy of the encoded map. */
    public byte[] encoded() {
        return encoded.clone();
    }
}
