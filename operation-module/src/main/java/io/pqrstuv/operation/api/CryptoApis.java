package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.command.DecapsReply;
import io.pqrstuv.icp.command.DecapsRequest;
import io.pqrstuv.icp.command.SignRequest;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import java.util.Arrays;

/** /decapsulate and /sign. */
final class CryptoApis {
    private final CommandForwarder storage;

    CryptoApis(CommandForwarder storage) {
        this.storage = storage;
    }

    /** DECAPS; the plaintext is zeroized as soon as it is encoded (ECP-CR-2). */
    EcpResult decapsulate(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        JsonNode data = DataFields.object(call.data());
        String idText = DataFields.stringMember(data, "identifier");
        String ctText = DataFields.stringMember(data, "ciphertext");
        byte[] id = DataFields.keyId(idText);
        byte[] ct = DataFields.bytes(ctText);
        DecapsReply reply = storage.send(call, new DecapsRequest(id, ct));
        try {
            return EcpResult.ok(Base64Url.encode(reply.plaintext()));
        } finally {
            reply.wipe();
        }
    }

    /** SIGN over SHA3-256 of the decoded document (ECP-CR-3). */
    EcpResult sign(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        JsonNode data = DataFields.object(call.data());
        String idText = DataFields.stringMember(data, "identifier");
        String docText = DataFields.stringMember(data, "document");
        byte[] id = DataFields.keyId(idText);
        byte[] document = DataFields.bytes(docText);
        SignRequest request = SignRequest.ofDocument(id, document);
        Arrays.fill(document, (byte) 0);
        return EcpResult.ok(Base64Url.encode(storage.send(call, request).signature()));
    }
}
