package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.command.SecSetConfRequest;
import io.pqrstuv.icp.command.SecSetInitRequest;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.convert.KeyConversions;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import java.util.Arrays;

/** /set_secret and /confirm_secret (SEC_SET_INIT, SEC_SET_CONF; D-13). */
final class SecretApis {
    private final CommandForwarder storage;

    SecretApis(CommandForwarder storage) {
        this.storage = storage;
    }

    EcpResult setSecret(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        int alg = DataFields.algorithmId(call.data());
        byte[] cose = storage.send(call, new SecSetInitRequest(alg)).coseKey();
        try {
            return EcpResult.ok(Base64Url.encode(KeyConversions.spki(cose)));
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
    }

    /** Operation data = encrypted_secret ‖ symmetric_key, in that order (D-13). */
    EcpResult confirmSecret(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        JsonNode data = DataFields.object(call.data());
        String encrypted = DataFields.stringMember(data, "encrypted_secret");
        String wrapped = DataFields.stringMember(data, "symmetric_key");
        byte[] a = DataFields.bytes(encrypted);
        byte[] b = null;
        try {
            b = DataFields.bytes(wrapped);
            storage.send(call, new SecSetConfRequest(a, b));
            return EcpResult.okNone();
        } finally {
            Arrays.fill(a, (byte) 0);
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }
}
