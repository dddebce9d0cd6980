package io.pqrstuv.operation.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pqrstuv.icp.command.SignRequest;
import io.pqrstuv.operation.convert.DataFields;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import io.pqrstuv.operation.tls.CertificateRenewal;
import io.pqrstuv.operation.tls.DistinguishedName;
import io.pqrstuv.runtime.ProcessFailure;
import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * /renew_tls (D-31): a new key and CSR from openssl, ICP SIGN over SHA3-256(CSR DER) with the
 * caller's session, an endorsed self-signed certificate, optional export, then the switch.
 * If SIGN fails the call stops with its code and the served certificate stays as it was.
 */
final class RenewTlsApi {
    private final CommandForwarder storage;
    private final CertificateRenewal renewal;

    RenewTlsApi(CommandForwarder storage, CertificateRenewal renewal) {
        this.storage = storage;
        this.renewal = renewal;
    }

    EcpResult renew(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        JsonNode data = DataFields.object(call.data());
        boolean export = DataFields.booleanMember(data, "export");
        DistinguishedName subject = new DistinguishedName(
                DataFields.stringMember(data, "country_name"),
                DataFields.stringMember(data, "state"),
                DataFields.stringMember(data, "province"),
                DataFields.stringMember(data, "organization_name"),
                DataFields.stringMember(data, "organization_unit_name"),
                DataFields.stringMember(data, "common_name"));
        String idText = DataFields.stringMember(data, "identifier");
        byte[] id = DataFields.keyId(idText);
        String problem = subject.problem();
        if (problem != null) {
            throw EcpHttpException.badRequest(problem);
        }
        if (export && !renewal.canExport()) {
            throw EcpHttpException.internal("no export medium");
        }
        try (CertificateRenewal.Attempt attempt = renewal.begin(subject)) {
            // A non-SUCCESS code leaves through ErrorCodeReplyException; closing the attempt deletes its key.
            byte[] signature = storage.send(call, SignRequest.ofDocument(id, attempt.csr())).signature();
            attempt.issue(id, signature);
            if (export) {
                attempt.export();
            }
            attempt.activate();
            return EcpResult.okNone();
        } catch (ProcessFailure | IOException | GeneralSecurityException e) {
            throw EcpHttpException.internal("TLS renewal failed");
        }
    }
}
