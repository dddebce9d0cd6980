package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.Command;
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

/** /set_secret and /confirm_secret (SEC_SET_INIT, SEC_SET_CONF; D-13). */
final class SecretApis {
    private final IcpTransport icp;

    SecretApis(IcpTransport icp) {
        this.icp = icp;
    }

    EcpResult setSecret(EcpCall call) throws EcpHttpException, IcpFailure {
        int alg = DataFields.algorithmId(call.data());
        IcpReply reply = Icp.send(icp, call, Command.SEC_SET_INIT, AlgId.encode(alg));
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        try {
            return EcpResult.ok(Base64Url.encode(KeyConversions.spki(reply.data())));
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
    }

    /** Operation data = encrypted_secret ‖ symmetric_key, in that order (D-13). */
    EcpResult confirmSecret(EcpCall call) throws EcpHttpException, IcpFailure {
        JsonNode data = DataFields.object(call.data());
        String encrypted = DataFields.stringMember(data, "encrypted_secret");
        String wrapped = DataFields.stringMember(data, "symmetric_key");
        byte[] a = DataFields.bytes(encrypted);
        byte[] b = null;
        byte[] opData = null;
        try {
            b = DataFields.bytes(wrapped);
            Icp.checkOpDataSize(a.length + b.length);
            opData = new byte[a.length + b.length];
            System.arraycopy(a, 0, opData, 0, a.length);
            System.arraycopy(b, 0, opData, a.length, b.length);
            IcpReply reply = Icp.send(icp, call, Command.SEC_SET_CONF, opData);
            return reply.isSuccess() ? EcpResult.okNone() : EcpResult.failed(reply.code());
        } finally {
            Arrays.fill(a, (byte) 0);
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
            if (opData != null) {
                Arrays.fill(opData, (byte) 0);
            }
        }
    }
}
