package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.command.GetPubRequest;
import io.pqrstuv.icp.command.ImportRequest;
import io.pqrstuv.icp.command.KeyDeleteRequest;
import io.pqrstuv.icp.command.KeyListReply;
import io.pqrstuv.icp.command.KeyListRequest;
import io.pqrstuv.icp.command.KeygenRequest;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.convert.KeyConversions;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import java.util.Arrays;

/** Key lifecycle: /keygen, /list_keys, /key_delete, /import, /get_public_key. */
final class KeyApis {
    private final CommandForwarder storage;
    private final DeviceProfile profile;

    KeyApis(CommandForwarder storage, DeviceProfile profile) {
        this.storage = storage;
        this.profile = profile;
    }

    EcpResult keygen(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        int alg = DataFields.algorithmId(call.data());
        return EcpResult.ok(Base64Url.encode(storage.send(call, new KeygenRequest(alg)).keyId()));
    }

    /** D-21: {"count": n, "identifiers": [b64u…]} in the device's (unsigned byte) order. */
    EcpResult listKeys(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        int alg = DataFields.algorithmId(call.data());
        KeyListReply reply = storage.send(call, new KeyListRequest(alg));
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("count", reply.count());
        ArrayNode ids = result.putArray("identifiers");
        reply.ids().forEach(id -> ids.add(Base64Url.encode(id)));
        return EcpResult.ok(result);
    }

    EcpResult keyDelete(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        byte[] id = DataFields.keyId(DataFields.string(call.data()));
        storage.send(call, new KeyDeleteRequest(id));
        return EcpResult.okNone();
    }

    /** PKCS#8 DER → private COSE_Key → IMPORT; both copies of the key are zeroized afterwards (ECP-KEY-5). */
    EcpResult importKey(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        byte[] der = DataFields.bytes(DataFields.string(call.data()));
        byte[] cose = null;
        try {
            try {
                cose = KeyConversions.privateCose(der, profile.available());
            } catch (ConversionException e) {
                throw EcpHttpException.internal(e.getMessage());
            }
            return EcpResult.ok(Base64Url.encode(storage.send(call, new ImportRequest(cose)).keyId()));
        } finally {
            Arrays.fill(der, (byte) 0);
            if (cose != null) {
                Arrays.fill(cose, (byte) 0);
            }
        }
    }

    EcpResult getPublicKey(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        byte[] id = DataFields.keyId(DataFields.string(call.data()));
        byte[] cose = storage.send(call, new GetPubRequest(id)).coseKey();
        try {
            return EcpResult.ok(Base64Url.encode(KeyConversions.spki(cose)));
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
    }
}
