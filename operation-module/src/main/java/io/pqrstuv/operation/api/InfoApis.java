package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.command.GetInfoRequest;
import io.pqrstuv.icp.command.InitReply;
import io.pqrstuv.icp.command.InitRequest;
import io.pqrstuv.icp.command.PingRequest;
import io.pqrstuv.operation.convert.CborJson;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;

/** /info, /ping and /init: the unauthenticated APIs (headers are still forwarded verbatim, D-7). */
final class InfoApis {
    private final CommandForwarder storage;
    private final DeviceProfile profile;

    InfoApis(CommandForwarder storage, DeviceProfile profile) {
        this.storage = storage;
        this.profile = profile;
    }

    EcpResult info(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        byte[] cbor = storage.send(call, new GetInfoRequest()).cbor();
        try {
            ObjectNode info = CborJson.toJsonObject(cbor);
            profile.remember(info);
            return EcpResult.ok(info);
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
    }

    EcpResult ping(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        byte[] data = DataFields.bytes(DataFields.string(call.data()));
        return EcpResult.ok(Base64Url.encode(storage.send(call, new PingRequest(data)).data()));
    }

    EcpResult init(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        InitReply reply = storage.send(call, new InitRequest());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("session", Base64Url.encode(reply.sessionBytes()));
        result.put("nonce", Base64Url.encode(reply.nonce()));
        return EcpResult.ok(result);
    }
}
