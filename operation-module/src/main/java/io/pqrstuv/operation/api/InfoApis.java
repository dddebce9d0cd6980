package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.operation.convert.CborJson;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.IcpFailure;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;
import java.util.Arrays;

/** /info, /ping and /init: the unauthenticated APIs (headers are still forwarded verbatim, D-7). */
final class InfoApis {
    private final IcpTransport icp;
    private final DeviceProfile profile;

    InfoApis(IcpTransport icp, DeviceProfile profile) {
        this.icp = icp;
        this.profile = profile;
    }

    EcpResult info(EcpCall call) throws EcpHttpException, IcpFailure {
        IcpReply reply = Icp.send(icp, call, Command.GET_INFO, new byte[0]);
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        try {
            ObjectNode info = CborJson.toJsonObject(reply.data());
            profile.remember(info);
            return EcpResult.ok(info);
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
    }

    EcpResult ping(EcpCall call) throws EcpHttpException, IcpFailure {
        byte[] data = DataFields.bytes(DataFields.string(call.data()));
        Icp.checkOpDataSize(data.length);
        IcpReply reply = Icp.send(icp, call, Command.PING, data);
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        return EcpResult.ok(Base64Url.encode(reply.data()));
    }

    EcpResult init(EcpCall call) throws IcpFailure {
        IcpReply reply = Icp.send(icp, call, Command.INIT, new byte[0]);
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        byte[] d = reply.data();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("session", Base64Url.encode(Arrays.copyOfRange(d, 0, Sessions.LENGTH)));
        result.put("nonce", Base64Url.encode(Arrays.copyOfRange(d, Sessions.LENGTH, d.length)));
        return EcpResult.ok(result);
    }
}
