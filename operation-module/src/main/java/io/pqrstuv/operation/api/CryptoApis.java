package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.KeyIds;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.IcpFailure;
import io.pqrstuv.operation.icp.IcpReply;
import io.pqrstuv.operation.icp.IcpTransport;
import java.util.Arrays;

/** /decapsulate and /sign. */
final class CryptoApis {
    private final IcpTransport icp;

    CryptoApis(IcpTransport icp) {
        this.icp = icp;
    }

    /** DECAPS; the plaintext is zeroized as soon as it is encoded (ECP-CR-2). */
    EcpResult decapsulate(EcpCall call) throws EcpHttpException, IcpFailure {
        JsonNode data = DataFields.object(call.data());
        String idText = DataFields.stringMember(data, "identifier");
        String ctText = DataFields.stringMember(data, "ciphertext");
        byte[] id = DataFields.keyId(idText);
        byte[] ct = DataFields.bytes(ctText);
        Icp.checkOpDataSize(KeyIds.LENGTH + ct.length);
        IcpReply reply = Icp.send(icp, call, Command.DECAPS, concat(id, ct));
        if (!reply.isSuccess()) {
            return EcpResult.failed(reply.code());
        }
        try {
            return EcpResult.ok(Base64Url.encode(reply.data()));
        } finally {
            reply.wipe();
        }
    }

    /** SIGN over SHA3-256 of the decoded document (ECP-CR-3). */
    EcpResult sign(EcpCall call) throws EcpHttpException, IcpFailure {
        JsonNode data = DataFields.object(call.data());
        String idText = DataFields.stringMember(data, "identifier");
        String docText = DataFields.stringMember(data, "document");
        byte[] id = DataFields.keyId(idText);
        byte[] document = DataFields.bytes(docText);
        byte[] digest = Digests.sha3(document);
        Arrays.fill(document, (byte) 0);
        IcpReply reply = Icp.send(icp, call, Command.SIGN, concat(id, digest));
        return reply.isSuccess() ? EcpResult.ok(Base64Url.encode(reply.data())) : EcpResult.failed(reply.code());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
