package io.pqrstuv.operation.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pqrstuv.crypto.Signatures;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.command.GetPubRequest;
import io.pqrstuv.icp.command.SignDigest;
import io.pqrstuv.operation.convert.ConversionException;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.convert.KeyConversions;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import io.pqrstuv.operation.syslog.AuditLog;
import io.pqrstuv.operation.syslog.SyslogAddress;
import java.io.IOException;
import java.security.PublicKey;

/**
 * /set_syslog (D-33): GET_PUB for the identifier, verify the signature over SHA3-256 of the
 * decoded syslog_data per notes §3.6, extract a local IP literal and port, report the change to
 * the old server and switch. Verification or extraction failures are 400.
 */
final class SetSyslogApi {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final CommandForwarder storage;
    private final AuditLog audit;

    SetSyslogApi(CommandForwarder storage, AuditLog audit) {
        this.storage = storage;
        this.audit = audit;
    }

    EcpResult setSyslog(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        JsonNode data = DataFields.object(call.data());
        String syslogText = DataFields.stringMember(data, "syslog_data");
        String signatureText = DataFields.stringMember(data, "signature");
        String idText = DataFields.stringMember(data, "identifier");
        byte[] syslogData = DataFields.bytes(syslogText);
        byte[] signature = DataFields.bytes(signatureText);
        byte[] id = DataFields.keyId(idText);

        byte[] cose = storage.send(call, new GetPubRequest(id)).coseKey();
        Algorithm algorithm;
        PublicKey key;
        try {
            algorithm = KeyConversions.algorithm(cose);
            key = KeyConversions.publicKey(cose);
        } catch (ConversionException e) {
            throw EcpHttpException.internal(e.getMessage());
        }
        if (!algorithm.isSignature() || !verifies(algorithm, key, syslogData, signature)) {
            throw EcpHttpException.badRequest("syslog_data is not signed by that key");
        }
        SyslogAddress target = parse(syslogData)
                .orElseThrow(() -> EcpHttpException.badRequest("syslog_data has no valid local host and port"));
        audit.switchTo(target, call.clientIp());
        return EcpResult.okNone();
    }

    private static boolean verifies(Algorithm algorithm, PublicKey key, byte[] document, byte[] signature) {
        try {
            return Signatures.verifyDigest(algorithm, key, SignDigest.of(document), signature);
        } catch (RuntimeException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }

    private static java.util.Optional<SyslogAddress> parse(byte[] json) {
        try {
            return SyslogAddress.fromJson(JSON.readTree(json));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
