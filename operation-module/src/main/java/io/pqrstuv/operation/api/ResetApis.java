package io.pqrstuv.operation.api;

import io.pqrstuv.icp.command.CryptoRstRequest;
import io.pqrstuv.icp.command.DevRstRequest;
import io.pqrstuv.operation.http.EcpCall;
import io.pqrstuv.operation.http.EcpHttpException;
import io.pqrstuv.operation.http.EcpResult;
import io.pqrstuv.operation.icp.ErrorCodeReplyException;
import io.pqrstuv.operation.icp.NoValidReplyException;
import io.pqrstuv.operation.syslog.AuditLog;

/** /device_reset and /crypto_reset. A successful DEV_RST also resets the syslog setting (D-35). */
final class ResetApis {
    private final CommandForwarder storage;
    private final AuditLog audit;

    ResetApis(CommandForwarder storage, AuditLog audit) {
        this.storage = storage;
        this.audit = audit;
    }

    EcpResult deviceReset(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        storage.send(call, new DevRstRequest());
        audit.deviceReset(call.clientIp());
        return EcpResult.okNone();
    }

    EcpResult cryptoReset(EcpCall call) throws EcpHttpException, ErrorCodeReplyException, NoValidReplyException {
        storage.send(call, new CryptoRstRequest());
        return EcpResult.okNone();
    }
}
