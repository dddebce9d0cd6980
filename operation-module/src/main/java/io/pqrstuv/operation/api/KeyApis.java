package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.convert.KeyConversions;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.IcpFailure;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;
import java.util.Arrays;

/** Key lifecycle: /keygen, /list_keys, /key_delete, /import, /get_public_key. */
final class KeyApis {
    private final IcpTransport icp;
    private final DeviceProfile profile;

    KeyApis(IcpTransport icp, DeviceProfile profile) {
        this.icp = icp;
        this.profile = profile;
    }

    EcpResult keygen(EcpCall call) throws EcpHttpException, IcpFailure {
        int alg = DataFields.algorithmId(call.data());
        IcpReply reply = Icp.send(icp, call, Command.KEYGEN, AlgId.encode(alg));
        return reply.isSuccess() ? EcpResult.ok(Base64Url.encode(reply.data())) : EcpResult.failed(reply.code());
    }

    /** D-21: {"count": n, "identifiers": [b64u…]} in the device's (unsigned byte) order. */
    EcpResult listKeys(EcpCall call) throws EcpHttpException, IcpFailure {
        int alg = DataFields.algorithmId(call.data());
        IcpReply reply = Icp.send(icp, call, Command.KEY_LST, AlgId.encode(alg));
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        byte[] d = reply.data();
        int count = Sessions.fromBytes(d, 0); // the reply validator checked 4 + 16·count
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("count", Integer.toUnsignedLong(count));
        ArrayNode ids = result.putArray("identifiers");
        for (int off = 4; off < d.length; off += KeyIds.LENGTH) {
            ids.add(Base64Url.encode(Arrays.copyOfRange(d, off, off + KeyIds.LENGTH)));
        }
        return EcpResult.ok(result);
    }

    EcpResult keyDelete(EcpCall call) throws EcpHttpException, IcpFailure {
        byte[] id = DataFields.keyId(DataFields.string(call.data()));
        IcpReply reply = Icp.send(icp, call, Command.KEY_DEL, id);
        return reply.isSuccess() ? EcpResult.okNone() : EcpResult.failed(reply.code());
    }

    /** PKCS#8 DER → private COSE_Key → IMPORT; both copies of the key are zeroized afterwards (ECP-KEY-5). */
    EcpResult importKey(EcpCall call) throws EcpHttpException, IcpFailure {
        byte[] der = DataFields.bytes(DataFields.string(call.data()));
        byte[] cose = null;
        try {
            try {
                cose = KeyConversions.privateCose(der, profile.available());
            } catch (ConversionException e) {
                throw EcpHttpException.internal(e.getMessage());
            }
            Icp.checkOpDataSize(cose.length);
            IcpReply reply = Icp.send(icp, call, Command.IMPORT, cose);
            return reply.isSuccess() ? EcpResult.ok(Base64Url.encode(reply.data())) : EcpResult.failed(reply.code());
        } finally {
            Arrays.fill(der, (byte) 0);
            if (cose != null) {
                Arrays.fill(cose, (byte) 0);
            }
        }
    }

    EcpResult getPublicKey(EcpCall call) throws EcpHttpException, IcpFailure {
        byte[] id = DataFields.keyId(DataFields.string(call.data()));
        IcpReply reply = Icp.send(icp, call, Command.GET_PUB, id);
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        try {
            return EcpResult.ok(Base64Url.encode(KeyConversions.spki(reply.data())));
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
    }
}
