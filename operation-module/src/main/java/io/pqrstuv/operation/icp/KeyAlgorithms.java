package io.pqrstuv.operation.icp;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.KeyListReply;
import io.pqrstuv.icp.payload.RequestPayload;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The algorithm of each key identifier, as seen on this operation module's own link: learned from
 * SUCCESS replies to KEYGEN (the requested algorithm), KEY_LST (every listed id) and GET_PUB (the
 * COSE key's {@code alg}); forgotten on KEY_DEL, CRYPTO_RST and DEV_RST. It lets a SIGN with a key
 * known to be quick (ECDSA, EdDSA, ML-DSA, RSA) wait seconds for its reply rather than the SLH-DSA
 * worst case (P-96).
 *
 * <p>A wrong entry could only shorten a deadline, so only facts that cannot go stale are kept: an
 * identifier is never reused for another key (D-40), so the algorithm of an identifier never
 * changes; a key deleted behind our back (a lost reply) leaves an entry for an identifier that
 * SIGN will refuse quickly anyway. IMPORT teaches nothing: its request holds a private key, which
 * is not parsed a second time here. Key identifiers and algorithms are not secret (any ECP client
 * lists them). Bounded (least recently used first out). One thread uses it: the ICP worker.
 */
final class KeyAlgorithms {
    static final int CAPACITY = 4096;
    /** COSE_Key label 3: alg (RFC 9052 §7.1). */
    private static final int COSE_ALG = 3;
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, Algorithm> byId = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Algorithm> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The algorithm of the key whose identifier opens {@code opData} (SIGN, DECAPS, GET_PUB, KEY_DEL), if known. */
    Optional<Algorithm> ofKeyIn(byte[] opData) {
        if (opData.length < KeyIds.LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(HEX.formatHex(opData, 0, KeyIds.LENGTH)));
    }

    /** The algorithm a KEYGEN, KEY_LST or SEC_SET_INIT request names, if it is one of the profile's. */
    static Optional<Algorithm> named(byte[] opData) {
        if (opData.length != AlgId.LENGTH) {
            return Optional.empty();
        }
        return Algorithm.byCoseId(AlgId.decode(opData));
    }

    /** Learns from a validated reply to {@code request}. */
    void learn(RequestPayload request, IcpReply reply) {
        if (!reply.isSuccess()) {
            return;
        }
        Command command = request.knownCommand().orElse(null);
        if (command == null) {
            return;
        }
        byte[] data = reply.data();
        switch (command) {
            case KEYGEN -> named(request.opData()).ifPresent(a -> put(data, 0, a));
            case KEY_LST -> named(request.opData()).ifPresent(a -> {
                for (int off = KeyListReply.COUNT_LENGTH; off + KeyIds.LENGTH <= data.length; off += KeyIds.LENGTH) {
                    put(data, off, a);
                }
            });
            case GET_PUB -> coseAlgorithm(data).ifPresent(a -> put(request.opData(), 0, a));
            case KEY_DEL -> {
                if (request.opData().length == KeyIds.LENGTH) {
                    byId.remove(HEX.formatHex(request.opData()));
                }
            }
            case CRYPTO_RST, DEV_RST -> byId.clear();
            default -> {
            }
        }
    }

    int size() {
        return byId.size();
    }

    private void put(byte[] b, int off, Algorithm a) {
        if (b.length >= off + KeyIds.LENGTH) {
            byId.put(HEX.formatHex(b, off, off + KeyIds.LENGTH), a);
        }
    }

    /** The {@code alg} of a public COSE_Key (a validated GET_PUB reply), if it is one of the profile's. */
    private static Optional<Algorithm> coseAlgorithm(byte[] coseKey) {
        try {
            CBORObject key = CBORObject.DecodeFromBytes(coseKey);
            CBORObject alg = key.getType() == CBORType.Map ? key.get(COSE_ALG) : null;
            if (alg == null || alg.getType() != CBORType.Integer || !alg.CanValueFitInInt32()) {
                return Optional.empty();
            }
            return Algorithm.byCoseId(alg.AsInt32Value());
        } catch (RuntimeException e) {
            return Optional.empty(); // the API layer reports a malformed key; here it only teaches nothing
        }
    }
}
